/**
 * The version of the kiosk app, sent with every screen connection (`/ws/screen?v=...`) so that staff
 * can see which build each screen runs. The server keeps at most 40 characters of it.
 */

/** The package version in package.json, kept by hand. */
export const APP_VERSION = '0.1.0';

// A build id the bundler may define, e.g. esbuild's `define: { __GONGKAI_BUILD_ID__: '"a1b2c3"' }`.
declare const __GONGKAI_BUILD_ID__: string | undefined;

const BUILD_ID = typeof __GONGKAI_BUILD_ID__ === 'string' ? __GONGKAI_BUILD_ID__ : '';

/** `0.1.0`, or `0.1.0+<build id>` when the bundler defined one. */
export const DISPLAY_VERSION = BUILD_ID ? `${APP_VERSION}+${BUILD_ID}` : APP_VERSION;
