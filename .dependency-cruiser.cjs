/** Module boundaries, checked in CI (npm run depcheck) rather than left to good intentions. */
module.exports = {
  forbidden: [
    {
      name: 'platform-is-not-business',
      comment: 'src/platform is shared machinery: it never imports a business module.',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'no-foreign-repo',
      comment: "A module reaches another module's data only through that module's service (or its events).",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/([^/]+)/repo\\.ts$', pathNot: '^src/modules/$1/' },
    },
    {
      name: 'repos-only-in-their-module',
      comment: 'Only code of a module (not app wiring, CLIs or demo seeding) touches its repo.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/modules/' },
      to: { path: '^src/modules/[^/]+/repo\\.ts$' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.test\\.ts$' },
  },
};
