// autocannon ships no types; the bench uses its promise API only (see bench/load.ts).
declare module 'autocannon';
