// Loading / error / front-disabled banners of the Infrastructure Overview.
export function LoadingBanner({ text = 'Loading...' }: { text?: string }) {
  return (
    <p className="banner banner-info" role="status" data-testid="loading">
      {text}
    </p>
  );
}

export function ErrorBanner({ message }: { message: string }) {
  return (
    <p className="banner banner-error" role="alert" data-testid="stream-error">
      Failed to fetch status: {message}
    </p>
  );
}

export const DEFAULT_FRONT_MESSAGE = 'SlimFaas front is disabled by configuration.';

export function FrontDisabledBanner({ message }: { message: string | null }) {
  return (
    <p className="banner banner-info" role="status" data-testid="front-disabled">
      ℹ️ {message || DEFAULT_FRONT_MESSAGE}
    </p>
  );
}
