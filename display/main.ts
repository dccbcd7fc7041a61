/** Entry of the kiosk page (bundled to `app.js`): pair with the stored token and start. */
import './display-app.ts';
import { takeScreenToken } from './screen-token.ts';

const app = document.createElement('gongkai-display');
app.token = takeScreenToken(localStorage);
document.body.append(app);
