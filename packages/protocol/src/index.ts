// The public surface of @pushgate/protocol: named re-exports only.
export * from './base64.js';
export * from './content-type.js';
export * from './errors.js';
export * from './float-format.js';
export * from './grouping-key.js';
export * from './model.js';
export * from './names.js';
export * from './protobuf/delimited.js';
export * from './protobuf/proto-text.js';
export * from './schemas.js';
export * from './text/parse.js';
export { compareUtf8 } from './text/utf8-order.js';
export * from './text/write.js';
