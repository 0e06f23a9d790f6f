// Handlebars' prototype-access policy builder (an internal module of handlebars 4, no types of its own).
declare module 'handlebars/dist/cjs/handlebars/internal/proto-access.js' {
  export function createProtoAccessControl(runtimeOptions: object): unknown;
}
