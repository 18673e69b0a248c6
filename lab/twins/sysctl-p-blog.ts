import { readFileSync } from "node:fs";
import { SysctlTable } from "../../src/sim/index.ts";
import { fig, type Experiment } from "./types.ts";

const CONF = new URL("../experiments/blog-sysctl.conf", import.meta.url);

export const sysctlPBlog: Experiment = {
  id: "sysctl-p-blog",
  claim:
    "Applied with sysctl -p on a current kernel, the article's block sets 7 of its 8 lines, prints “cannot stat … tcp_tw_recycle: No such file or directory” and exits with status 1.",
  claimZh:
    "在当前内核上用 sysctl -p 应用那篇文章的配置块：8 行中有 7 行生效，打印 “cannot stat … tcp_tw_recycle: No such file or directory”，退出状态为 1。",
  note: null,
  noteZh: null,
  figures: [
    fig("exitStatus", "status", 0, "exit status of sysctl -p", "sysctl -p 的退出状态"),
    fig("linesApplied", "count", 0, "lines applied", "生效的行数"),
    fig("errors", "message", 0, "error messages", "错误信息"),
  ],
  sim() {
    const t = new SysctlTable("linux");
    let applied = 0;
    const errors: string[] = [];
    for (const line of readFileSync(CONF, "utf8").split("\n")) {
      const m = /^\s*([^#;=\s][^=]*?)\s*=\s*(.*?)\s*$/.exec(line);
      if (m === null) continue;
      const r = t.set(m[1] as string, m[2] as string);
      if (r.ok) applied++;
      else errors.push(r.message);
    }
    return { exitStatus: errors.length > 0 ? 1 : 0, linesApplied: applied, errors };
  },
};
