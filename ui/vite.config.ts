// The panel's build: `npm run build -w ui` emits dist/ (embedded into the binary by build.ts);
// `npm run dev -w ui` serves it with hot reload, proxying the admin API to a running Octopus.
import { defineConfig } from "vite";
import solid from "vite-plugin-solid";

const target = process.env.OCTOPUS_URL ?? "http://127.0.0.1:8080";

export default defineConfig({
  plugins: [solid()],
  build: { target: "es2022", manifest: true, chunkSizeWarningLimit: 200 },
  server: {
    proxy: {
      // The admin API accepts cookie requests from its own origin only: present the proxied ones as such.
      // "/api/", not "/api": the panel's own /api-keys page must not be proxied.
      "/api/": { target, changeOrigin: true, headers: { origin: target } },
    },
  },
});
