/** Entry of the kiosk page (bundled to `app.js`): start with the stored token, or pair for one. */
import './display-app.ts';
import { takeScreenToken } from './screen-token.ts';

const app = document.createElement('gongkai-display');
app.token = takeScreenToken(localStorage);
document.body.append(app);

// The service worker keeps the page and images for starts without the server.
// NOTE: browsers allow service workers only in secure contexts (https, localhost, 127.0.0.1). A
// kiosk that opens the display over plain http on a LAN address cannot start while the server is
// down.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('./sw.js').catch((error: unknown) => {
    console.warn('service worker registration failed; offline start is unavailable', error);
  });
}
