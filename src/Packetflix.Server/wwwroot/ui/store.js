// The page's remembered choices (filter, theme, refresh, limits and the display settings), in localStorage under
// "packetflix.". The storage is passed in, so node's tests use a fake one; a storage that throws (private mode,
// disabled) makes choices last for this page only.

const PREFIX = "packetflix.";

/** What the UI shows unless told otherwise: everything, as the page always did, except MACs in the rows. */
export const DEFAULT_SETTINGS = Object.freeze({ showLo: true, ipv4: true, ipv6: true, showMacs: false, showIds: true });

export function createStore(storage) {
  const store = {
    get(key, fallback) {
      try {
        const value = storage?.getItem(PREFIX + key);
        return value === null || value === undefined ? fallback : value;
      } catch {
        return fallback;
      }
    },
    set(key, value) {
      try {
        storage?.setItem(PREFIX + key, value);
      } catch {
        // Private mode or storage disabled: the choice lasts for this page only.
      }
    },
    /** The display settings; unknown or malformed stored values fall back to the defaults, key by key. */
    settings() {
      let stored = {};
      try {
        stored = JSON.parse(store.get("settings", "{}")) ?? {};
      } catch {
        stored = {};
      }
      const settings = { ...DEFAULT_SETTINGS };
      for (const key of Object.keys(DEFAULT_SETTINGS)) {
        if (typeof stored[key] === "boolean") settings[key] = stored[key];
      }
      return settings;
    },
    saveSettings(settings) {
      const clean = {};
      for (const key of Object.keys(DEFAULT_SETTINGS)) clean[key] = Boolean(settings[key] ?? DEFAULT_SETTINGS[key]);
      store.set("settings", JSON.stringify(clean));
      return clean;
    },
  };
  return store;
}
