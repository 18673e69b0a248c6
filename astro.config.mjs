// @ts-check
import { defineConfig } from "astro/config";
import starlight from "@astrojs/starlight";
import { fileURLToPath } from "node:url";
import { cspIntegration } from "./scripts/csp.ts";
import { offlineIntegration } from "./scripts/offline.ts";
import { satteri } from "@astrojs/markdown-satteri";
import { wbrIdentifiers } from "./scripts/wbr-identifiers.mjs";

/**
 * Content-Security-Policy, emitted by Astro as a <meta http-equiv> in every
 * page (the site is static and hosts vary, so no header can be relied on).
 * Astro adds the sha256 hashes of the scripts it bundles; cspIntegration()
 * (scripts/csp.ts) adds those of the inline scripts it does not hash, adds
 * 'unsafe-eval' on notebook pages only, and moves the meta to the top of
 * <head>. frame-ancestors cannot be set by a meta (browsers ignore it there).
 * Styles keep 'unsafe-inline': Starlight, Expressive Code and Shiki write
 * style="" attributes, and a style can neither run script nor, under
 * img-src/font-src 'self', load anything from another origin.
 */
/** @type {Exclude<NonNullable<NonNullable<import("astro").AstroUserConfig["security"]>["csp"]>, boolean>} */
const CSP = {
  algorithm: "SHA-256",
  directives: [
    "default-src 'self'",
    // data: for the small SVG icons Starlight and Expressive Code put in CSS (masks); no network.
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "media-src 'self'",
    "manifest-src 'self'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ],
  scriptDirective: { resources: ["'self'"] },
  styleDirective: { resources: ["'self'", "'unsafe-inline'"] },
};

/** Sidebar: one group per part of the course; every entry is a real page. */
const sidebar = [
  {
    label: "Start here",
    translations: { "zh-CN": "从这里开始" },
    items: [{ slug: "start-here" }, { slug: "glossary" }],
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
      { slug: "sysctl/common-advice" },
    ],
  },
  {
    label: "Diagnose your server",
    translations: { "zh-CN": "诊断你的服务器" },
    items: [{ slug: "diagnose" }, { slug: "diagnose/ss-nstat" }, { slug: "diagnose/pcap" }],
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
    items: [{ slug: "playground" }, { slug: "playground/packetdrill" }],
  },
  {
    label: "Evidence",
    translations: { "zh-CN": "实测证据" },
    items: [{ slug: "evidence" }, { slug: "sources" }],
  },
];

export default defineConfig({
  site: "https://tcp-lab.example",
  security: { csp: CSP },
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
    cspIntegration(),
    // After the CSP: the service worker's version hashes the finished pages (scripts/offline.ts, public/sw.js).
    offlineIntegration(),
  ],
  vite: {
    // The simulation core (src/sim) is pure: importing one of its modules runs nothing a
    // page needs. Saying so lets the bundler drop what a widget does not use when it
    // imports the core through its front door, src/sim/index.ts.
    build: {
      rolldownOptions: {
        treeshake: { moduleSideEffects: [{ test: /\/src\/sim\//, sideEffects: false }] },
      },
    },
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
    // Workers keep their functions' and classes' names when minified, so a
    // notebook cell that logs the core's exports sees runScenario, not "yn".
    worker: { rolldownOptions: { output: { keepNames: true } } },
    resolve: {
      alias: { "~": fileURLToPath(new URL("./", import.meta.url)) },
    },
  },
});
