/** The overlay's style sheet (functions.md §12.4), injected once per instance into `document.head`. */
export const OVERLAY_CSS = `
.slimfaas-environment-overlay {
  position: fixed;
  top: 0;
  left: 0;
  width: 100%;
  height: 100%;
  cursor: not-allowed;
  background-color: rgba(0, 0, 0, 0.8);
  display: flex;
  flex-direction: column;
  justify-content: center;
  align-items: center;
  font-size: 2rem;
  font-weight: bold;
  text-align: center;
  z-index: 1000;
}
.slimfaas-environment-overlay__icon {
  font-size: 4rem;
  animation: slimfaas-environment-overlay__icon-spin 0.5s linear infinite;
}
@keyframes slimfaas-environment-overlay__icon-spin {
  from { transform: rotate(0deg); }
  to { transform: rotate(360deg); }
}
.slimfaas-environment-overlay__main-message {
  display: flex;
  align-items: center;
  gap: 0.5rem;
}
.slimfaas-environment-overlay__secondary-message {
  font-size: 1.2rem;
  font-weight: normal;
  margin-top: 1rem;
}
.slimfaas-environment-overlay--waiting {
  color: white;
}
.slimfaas-environment-overlay--waiting-action {
  color: lightyellow;
}
.slimfaas-environment-overlay--waiting-action .slimfaas-environment-overlay__secondary-message {
  visibility: hidden;
}
.slimfaas-environment-overlay--waiting-action .slimfaas-environment-overlay__icon {
  animation: none;
}
.slimfaas-environment-overlay--error {
  color: lightcoral;
}
`;
