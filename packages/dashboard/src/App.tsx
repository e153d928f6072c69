// The dashboard page: top bar, Infrastructure Overview, Jobs Overview (when jobs exist), footer.
import { Footer } from './components/Footer';
import { InfrastructureOverview } from './components/InfrastructureOverview';
import { JobsOverview } from './components/jobs/JobsOverview';
import { TopBar } from './components/TopBar';
import { useStatusStream } from './lib/use-status-stream';

export function App() {
  const { state, error, activity } = useStatusStream();
  const jobs = state?.Jobs ?? [];
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <TopBar />
      <main id="main" className="page">
        <InfrastructureOverview state={state} error={error} activity={activity} />
        {jobs.length > 0 ? <JobsOverview jobs={jobs} loading={false} error={null} /> : null}
      </main>
      <Footer />
    </>
  );
}
