// The pin search form: a plain GET to /search/pins/?q=, usable without JavaScript.
export interface SearchFormProps {
  /** Current query, shown in the box. */
  query?: string;
  /** Prefix for element ids, so two forms on one page stay unique. */
  idPrefix: string;
  /** The large variant on the home page. */
  big?: boolean;
}

export function SearchForm({ query = '', idPrefix, big = false }: SearchFormProps) {
  const id = `${idPrefix}-q`;
  return (
    // Two search landmarks on one page (header and home) need distinct names.
    <form class={big ? 'search-form search-form--big' : 'search-form'} role="search" aria-label={big ? 'Search pins' : 'Site search'} method="get" action="/search/pins/">
      <label class={big ? 'search-form__label' : 'visually-hidden'} for={id}>Search pins</label>
      <input id={id} type="search" name="q" value={query} maxlength={200} required placeholder="Search pins" autocomplete="off" dir="auto" />
      <button type="submit">Search</button>
    </form>
  );
}
