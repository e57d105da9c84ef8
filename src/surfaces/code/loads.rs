//! Files of a scan loaded once each, with what a reader makes of their text, shared by
//! the threads of the scan: a module's answer never depends on which thread asked first.

use std::sync::{Arc, Mutex, OnceLock};

use foldhash::HashMap;

/// A loaded file: its path, what was made of it, and its text; none when it is no file of
/// the scan.
pub type Loaded<T> = Option<(Arc<str>, Arc<T>, Arc<String>)>;

/// Reads a file's text by its path, if it is a file of the scan.
pub type Read<'r> = Box<dyn Fn(&str) -> Option<String> + Sync + 'r>;

/// The files of a scan, each read and made into a `T` once.
pub struct Loads<'r, T> {
    read: Read<'r>,
    loaded: Mutex<HashMap<String, Arc<OnceLock<Loaded<T>>>>>,
}

impl<'r, T> Loads<'r, T> {
    pub fn new(read: impl Fn(&str) -> Option<String> + Sync + 'r) -> Self {
        Self {
            read: Box::new(read),
            loaded: Mutex::new(HashMap::default()),
        }
    }

    /// The file at `path`, made into a `T` by `make(path, text)` the first time it is asked for.
    pub fn load(&self, path: &str, make: impl FnOnce(&str, &str) -> T) -> Loaded<T> {
        let cell = {
            let mut loaded = self.loaded.lock().expect("no thread panicked");
            Arc::clone(loaded.entry(path.to_owned()).or_default())
        };
        cell.get_or_init(|| {
            let text = (self.read)(path)?;
            let value = make(path, &text);
            Some((Arc::from(path), Arc::new(value), Arc::new(text)))
        })
        .clone()
    }

    /// The text of every file that was loaded, by path, sorted: where "defined here" points.
    pub fn texts(&self) -> Vec<(Arc<str>, Arc<String>)> {
        let loaded = self.loaded.lock().expect("no thread panicked");
        let mut out: Vec<_> = loaded
            .values()
            .filter_map(|cell| cell.get().cloned().flatten())
            .map(|(path, _, text)| (path, text))
            .collect();
        out.sort();
        out.dedup_by(|a, b| a.0 == b.0);
        out
    }
}
