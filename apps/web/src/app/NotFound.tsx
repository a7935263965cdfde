import { Link } from 'react-router';

export function NotFound() {
  return (
    <section className="page">
      <h1>Page not found</h1>
      <p>
        <Link to="/">Go to the InferenceService list</Link>
      </p>
    </section>
  );
}
