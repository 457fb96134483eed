// Renderer entry: picks the API adapter, builds the store, starts listening to main, renders the window.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApi } from './api/createApi';
import { App } from './App';
import { createAppStore, StoreContext } from './store/appStore';
import './styles.css';
import './linkedGrids.css';

// `?case=HANDLE`: this window reviews that case read-only instead of showing the live work.
const store = createAppStore(createApi(), { reviewHandle: new URLSearchParams(location.search).get('case') });
store.getState().start();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <StoreContext value={store}>
      <App />
    </StoreContext>
  </StrictMode>,
);
