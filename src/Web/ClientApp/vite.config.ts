import { defineConfig } from "vite";

// Built into the host's clientdist/ by `dotnet build` (see VideoVisit.Web.csproj).
export default defineConfig({
  base: "/",
  build: {
    outDir: "../clientdist",
    emptyOutDir: true,
    sourcemap: true,
    target: "es2022",
  },
  server: {
    proxy: {
      "/api": "http://localhost:5080",
      "/hubs": { target: "http://localhost:5080", ws: true },
    },
  },
});
