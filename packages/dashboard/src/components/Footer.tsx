// Footer: origin, CNCF sandbox mention, LF Projects policy link, copyright.
export function Footer() {
  return (
    <footer className="footer">
      <p>
        SlimFaas was originally created by AXA France. SlimFaas is a Cloud Native Computing Foundation sandbox project.
      </p>
      <p>
        For trademark and other policies, see{' '}
        <a href="https://lfprojects.org/policies/" target="_blank" rel="noreferrer">
          lfprojects.org/policies
        </a>
        .
      </p>
      <p>© SlimFaas a Series of LF Projects, LLC.</p>
    </footer>
  );
}
