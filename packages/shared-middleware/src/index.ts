export * from './errors';
export * from './json';
export * from './request-id';
export * from './logging';
export * from './identity';
export * from './validation';
export * from './service';
export * from './signed-url';
