/** Every experiment, in the order kernel-check prints them. */
import type { Experiment } from "./types.ts";
import { knobDefaults } from "./knob-defaults.ts";
import { knobRanges } from "./knob-ranges.ts";
import { sysctlPBlog } from "./sysctl-p-blog.ts";
import { timeWaitLength } from "./time-wait-length.ts";
import { portCapacity } from "./port-capacity.ts";
import { portParity } from "./port-parity.ts";
import { twReuseModes } from "./tw-reuse-modes.ts";
import { twReuseDelay } from "./tw-reuse-delay.ts";
import { twBucketsOverflow } from "./tw-buckets-overflow.ts";
import { twBucketsZeroRst } from "./tw-buckets-zero-rst.ts";
import { finWait2Orphan } from "./fin-wait2-orphan.ts";
import { synRetries } from "./syn-retries.ts";
import { synackRetries } from "./synack-retries.ts";
import { acceptQueue } from "./accept-queue.ts";
import { synQueueCookies } from "./syn-queue-cookies.ts";
import { keepalive } from "./keepalive.ts";
import { synToTimewait } from "./syn-to-timewait.ts";
import { closeUnreadRst } from "./close-unread-rst.ts";
import { lingerZeroRst } from "./linger-zero-rst.ts";
import { handshakeOptions } from "./handshake-options.ts";
import { acceptResetChild } from "./accept-reset-child.ts";
import { simultaneousOpen } from "./simultaneous-open.ts";
import { tailLossProbe } from "./tail-loss-probe.ts";
import { userTimeout } from "./user-timeout.ts";
import { lingerClose } from "./linger-close.ts";
import { rtoMax } from "./rto-max.ts";

export const experiments: readonly Experiment[] = [
  knobDefaults,
  knobRanges,
  sysctlPBlog,
  timeWaitLength,
  portCapacity,
  portParity,
  twReuseModes,
  twReuseDelay,
  twBucketsOverflow,
  twBucketsZeroRst,
  finWait2Orphan,
  synRetries,
  synackRetries,
  acceptQueue,
  synQueueCookies,
  keepalive,
  synToTimewait,
  closeUnreadRst,
  lingerZeroRst,
  handshakeOptions,
  acceptResetChild,
  simultaneousOpen,
  tailLossProbe,
  userTimeout,
  lingerClose,
  rtoMax,
];
