// @ts-check
import { defineConfig } from "astro/config";
import starlight from "@astrojs/starlight";
import { fileURLToPath } from "node:url";
import { satteri } from "@astrojs/markdown-satteri";
import { wbrIdentifiers } from "./scripts/wbr-identifiers.mjs";

/** Sidebar: one group per part of the course; every entry is a real page. */
const sidebar = [
  {
    label: "Start here",
    translations: { "zh-CN": "从这里开始" },
    items: [{ slug: "start-here" }],
  },
  {
    label: "The handshake",
    translations: { "zh-CN": "三次握手" },
    items: [{ slug: "handshake/three-way-handshake" }],
  },
  {
    label: "Closing and TIME_WAIT",
    translations: { "zh-CN": "关闭连接与 TIME_WAIT" },
    items: [{ slug: "closing/time-wait" }],
  },
  {
    label: "Short connections and port exhaustion",
    translations: { "zh-CN": "短连接与端口耗尽" },
    items: [{ slug: "short-connections/port-exhaustion" }, { slug: "short-connections/proxies" }],
  },
  {
    label: "sysctl reference",
    translations: { "zh-CN": "sysctl 参考" },
    items: [
      { slug: "sysctl" },
      { slug: "sysctl/tcp_syncookies" },
      { slug: "sysctl/tcp_tw_reuse" },
      { slug: "sysctl/tcp_tw_recycle" },
      { slug: "sysctl/tcp_fin_timeout" },
      { slug: "sysctl/tcp_keepalive_time" },
      { slug: "sysctl/ip_local_port_range" },
      { slug: "sysctl/tcp_max_syn_backlog" },
      { slug: "sysctl/tcp_max_tw_buckets" },
      { slug: "sysctl/applying-settings" },
      { slug: "sysctl/reviewer" },
    ],
  },
  {
    label: "Quizzes",
    translations: { "zh-CN": "测验" },
    items: [
      { slug: "quizzes" },
      { slug: "quizzes/handshake" },
      { slug: "quizzes/states" },
      { slug: "quizzes/time-wait-and-ports" },
      { slug: "quizzes/sysctl-myths" },
    ],
  },
  {
    label: "For instructors",
    translations: { "zh-CN": "教师专区" },
    items: [{ slug: "instructors" }],
  },
  {
    label: "Playground",
    translations: { "zh-CN": "实验场" },
    items: [{ slug: "playground" }],
  },
];

export default defineConfig({
  site: "https://tcp-lab.example",
  // Identifiers in inline code wrap after "_" and "." on a phone, not mid-word.
  markdown: { processor: satteri({ hastPlugins: [wbrIdentifiers] }) },
  // No telemetry, no external requests: pages must work offline once loaded.
  integrations: [
    starlight({
      title: { en: "tcp-lab", "zh-CN": "tcp-lab" },
      description: "How TCP connections open and close on real Linux machines, with live simulations.",
      favicon: "/favicon.svg",
      defaultLocale: "root",
      locales: {
        root: { label: "English", lang: "en" },
        "zh-cn": { label: "简体中文", lang: "zh-CN" },
      },
      sidebar,
      customCss: ["./components/styles/site.css", "./components/styles/widgets.css", "./components/styles/diagram.css"],
    }),
  ],
  vite: {
    // Pre-bundle the widgets' dependencies when the dev server starts, so the
    // first visit to a lesson does not hit Vite's "outdated optimize dep" reload.
    optimizeDeps: {
      include: [
        "nanostores",
        "pure-rand/generator/xoroshiro128plus",
        "sucrase",
        "@codemirror/state",
        "@codemirror/view",
        "@codemirror/commands",
        "@codemirror/language",
        "@codemirror/autocomplete",
        "@codemirror/lang-javascript",
        "@lezer/highlight",
      ],
    },
    resolve: {
      alias: { "~": fileURLToPath(new URL("./", import.meta.url)) },
    },
  },
});
