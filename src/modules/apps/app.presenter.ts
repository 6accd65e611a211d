import type { App } from './app.entity.js';

/** An app as admins see it: no key, no hash. */
export interface AppView {
  code: string;
  name: string;
  keyPrefix: string;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
  keyRotatedAt: Date;
}

/** Presents an App entity without its secrets. */
export function presentApp(app: App): AppView {
  return {
    code: app.code,
    name: app.name,
    keyPrefix: app.keyPrefix,
    active: app.active,
    createdAt: app.createdAt,
    updatedAt: app.updatedAt,
    keyRotatedAt: app.keyRotatedAt,
  };
}
