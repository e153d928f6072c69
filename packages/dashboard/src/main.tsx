// Entry point of the SlimFaas dashboard (React 19, bundled by Vite into dist/web).
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';

createRoot(document.getElementById('root')!).render(<App />);
