// SlimFaas logo drawn inline (no external asset).
export function Logo({ size = 32 }: { size?: number }) {
  return (
    <svg className="logo" width={size} height={size} viewBox="0 0 64 64" role="img" aria-label="SlimFaas logo">
      <defs>
        <linearGradient id="logo-gradient" x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#38bdf8" />
          <stop offset="1" stopColor="#6366f1" />
        </linearGradient>
      </defs>
      <circle cx="32" cy="32" r="30" fill="url(#logo-gradient)" />
      <path d="M36 10 L20 36 H31 L27 54 L44 27 H33 Z" fill="#fff" />
    </svg>
  );
}
