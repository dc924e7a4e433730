// oidc-provider ships no types; the e2e identity provider states the little it uses.
declare module 'oidc-provider';
