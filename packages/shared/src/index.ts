export * from './api-error';
export * from './api-routes';
export * from './wire';
