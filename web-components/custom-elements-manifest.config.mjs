/**
 * Config of `custom-elements-manifest analyze` (run by `npm run manifest`). The manifest is
 * read from the TSDoc of each element; this plugin drops what the analyzer infers from the
 * code but is not public: Lit internal state (`_…` properties declared with `state: true`),
 * private and protected members, and events it cannot name (the `@fires` tags name them).
 */
const isPublicName = (name) => typeof name === 'string' && name !== '' && !name.startsWith('_');

function publicSurfaceOnly() {
  return {
    name: 'finaceverse-public-surface-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules ?? []) {
        for (const declaration of mod.declarations ?? []) {
          if (declaration.attributes) {
            declaration.attributes = declaration.attributes.filter((a) => isPublicName(a.name));
          }
          if (declaration.members) {
            declaration.members = declaration.members.filter(
              (m) =>
                isPublicName(m.name) &&
                !m.name.startsWith('#') &&
                m.privacy !== 'private' &&
                m.privacy !== 'protected' &&
                !m.static,
            );
          }
          if (declaration.events) {
            declaration.events = declaration.events.filter((e) => e.name?.startsWith('fin-'));
          }
        }
      }
    },
  };
}

export default {
  globs: ['src/**/*.ts'],
  outdir: 'dist',
  litelement: true,
  plugins: [publicSurfaceOnly()],
};
