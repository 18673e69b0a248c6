/** Every experiment, in the order kernel-check prints them. */
import type { Experiment } from "./types.ts";
import { knobDefaults } from "./knob-defaults.ts";
import { knobRanges } from "./knob-ranges.ts";
import { sysctlPBlog } from "./sysctl-p-blog.ts";

export const experiments: readonly Experiment[] = [knobDefaults, knobRanges, sysctlPBlog];
