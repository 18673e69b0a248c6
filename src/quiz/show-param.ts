/**
 * The `show=` value of an answer mode, as the instructor page writes it into
 * a link (kept apart from params.ts so the quiz pages do not ship it).
 */
import type { AnswerMode } from "./show.ts";

/** "YYYY-MM-DDTHH:MMZ" of an instant (civil-from-days, without reading any clock). */
export function utcMinute(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const rest = minutes - days * 1440;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${y}-${two(m)}-${two(d)}T${two(Math.floor(rest / 60))}:${two(rest % 60)}Z`;
}

/** The `show=` value of a mode (undefined for the default, answers shown). */
export function showParam(mode: AnswerMode | undefined): string | undefined {
  if (mode === undefined || mode.kind === "shown") return undefined;
  if (mode.kind === "never") return "never";
  return utcMinute(mode.at);
}
