/** @module Entry point: take the token from the address, then render the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { adoptTokenFromAddress } from './api/client.js';
import { App } from './app.js';
import './styles.css';

adoptTokenFromAddress();
createRoot(document.getElementById('root')!).render(<StrictMode><App /></StrictMode>);
