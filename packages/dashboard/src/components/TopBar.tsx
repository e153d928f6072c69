// Top bar: logo (link to /), title, GitHub link.
import { Logo } from './Logo';

export function TopBar() {
  return (
    <header className="topbar">
      <a className="topbar-brand" href="/" aria-label="SlimFaas home">
        <Logo />
        <span className="topbar-title">SlimFaas Dashboard</span>
      </a>
      <a className="topbar-link" href="https://github.com/SlimPlanet/SlimFaas" target="_blank" rel="noreferrer">
        GitHub
      </a>
    </header>
  );
}
