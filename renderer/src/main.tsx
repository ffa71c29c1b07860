// Starts the reader: picks the API (the desktop app's preload, or HTTP in browser mode)
// and renders the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { RendererApi } from '../../sync/api/contract.js';
import { ApiProvider } from './api/ApiProvider';
import { createHttpApi, takeToken } from './api/httpApi';
import { App } from './App';
import { DrillProvider } from './drill/DrillProvider';
import { I18nProvider } from './i18n/I18nProvider';
import { dictionaries } from './i18n/strings';
import './styles/app.css';
import './styles/print.css';

function chooseApi(): RendererApi | null {
  if (window.api) return window.api;
  const token = takeToken();
  return token ? createHttpApi(token) : null;
}

const root = createRoot(document.getElementById('root')!);
const api = chooseApi();
if (api) {
  root.render(
    <StrictMode>
      <ApiProvider api={api}>
        <I18nProvider defaultLang="sv">
          <DrillProvider>
            <App />
          </DrillProvider>
        </I18nProvider>
      </ApiProvider>
    </StrictMode>,
  );
} else {
  root.render(
    <main className="fatal">
      <h1>{dictionaries.sv.appName}</h1>
      <p>{dictionaries.sv.tokenMissing}</p>
      <p lang="en">{dictionaries.en.tokenMissing}</p>
    </main>,
  );
}
