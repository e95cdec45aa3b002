/**
 * A page's filters kept in the URL's query string, so a filtered view survives a reload and can be shared.
 * `setFilters` changes only the keys it is given; an empty value removes its key.
 */
import { useSearchParams } from 'react-router';

export function useUrlFilters(): [URLSearchParams, (changes: Record<string, string>) => void] {
  const [params, setParams] = useSearchParams();
  const setFilters = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  };
  return [params, setFilters];
}
