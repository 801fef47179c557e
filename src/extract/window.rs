//! Cue hits of a sentence's windows, from one pass over the sentence.
//!
//! A figure's rules search many windows of its sentence with the same few
//! automata: its clause before and after it, the words before it, the rest
//! of the sentence, for verbs, nouns, series cues. Each search used to make
//! a string of its window and run the automaton over it, so a sentence of
//! five figures was searched some forty times; that was a tenth of the
//! extractor's time. While a sentence is being read ([`reading`]), each
//! automaton runs over it once, on first use, and a window's hits are the
//! sentence's hits that lie wholly inside it.
//!
//! That is the same answer, in the same order, as a search of the window
//! alone: an overlapping search reports every occurrence of every word, in
//! order of where it ends (longer words first at the same end), and an
//! occurrence inside the window is one inside the sentence. A window that
//! is not part of the sentence being read is searched on its own.
//!
//! The sentence is known by the address of its chars: the rules receive
//! plain `&[char]` windows cut from it, and threading a context through
//! every rule for this alone would make each one harder to read.

use super::cues::CharCursor;
use aho_corasick::AhoCorasick;
use std::cell::RefCell;

/// (char start, char end, pattern index) of one occurrence.
pub(crate) type Hit = (usize, usize, usize);

struct Memo {
    /// Address and length of the sentence's chars.
    base: usize,
    len: usize,
    /// The sentence as a string.
    text: String,
    /// Each automaton (by address) used so far, with its hits in the sentence.
    hits: Vec<(usize, Vec<Hit>)>,
}

thread_local! {
    static READING: RefCell<Option<Memo>> = const { RefCell::new(None) };
}

/// Runs `f` with `sentence` (whose string is `text`) as the sentence being
/// read: searches of its windows inside `f` share one pass per automaton.
/// Nested calls read the inner sentence and give the outer one back after.
pub(crate) fn reading<R>(sentence: &[char], text: &str, f: impl FnOnce() -> R) -> R {
    debug_assert_eq!(text.chars().count(), sentence.len());
    let memo = Memo {
        base: sentence.as_ptr() as usize,
        len: sentence.len(),
        text: text.to_owned(),
        hits: Vec::new(),
    };
    let outer = READING.with(|r| r.borrow_mut().replace(memo));
    // Put the outer sentence back even when `f` unwinds: a later search
    // must never take hits from chars that are gone.
    struct Restore(Option<Option<Memo>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            if let Some(outer) = self.0.take() {
                READING.with(|r| *r.borrow_mut() = outer);
            }
        }
    }
    let _restore = Restore(Some(outer));
    f()
}

/// Every occurrence of `ac`'s words in `window`, overlapping ones
/// included, in char offsets of the window, in the automaton's order.
pub(crate) fn overlapping(ac: &AhoCorasick, window: &[char]) -> Vec<Hit> {
    let from_memo = READING.with(|r| {
        let mut r = r.borrow_mut();
        let memo = r.as_mut()?;
        let addr = window.as_ptr() as usize;
        let size = std::mem::size_of::<char>();
        let inside = addr >= memo.base
            && (addr - memo.base).is_multiple_of(size)
            && (addr - memo.base) / size + window.len() <= memo.len;
        if !inside {
            return None;
        }
        let off = (addr - memo.base) / size;
        let key = std::ptr::from_ref(ac) as usize;
        let at = match memo.hits.iter().position(|(k, _)| *k == key) {
            Some(at) => at,
            None => {
                memo.hits.push((key, search(ac, &memo.text)));
                memo.hits.len() - 1
            }
        };
        let end = off + window.len();
        Some(
            memo.hits[at]
                .1
                .iter()
                .filter(|&&(s, e, _)| s >= off && e <= end)
                .map(|&(s, e, p)| (s - off, e - off, p))
                .collect(),
        )
    });
    from_memo.unwrap_or_else(|| search(ac, &super::string_of(window)))
}

fn search(ac: &AhoCorasick, text: &str) -> Vec<Hit> {
    let mut at = CharCursor::new(text);
    ac.find_overlapping_iter(text)
        .map(|m| {
            let (s, e) = at.span(m.start(), m.end());
            (s, e, m.pattern().as_usize())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_gets_what_a_search_of_it_alone_finds() {
        let ac = super::super::cues::small_automaton(&["排查", "查", "排查人员", "人员", "员"]);
        let text = "全县排查人员3000人，核查人员12人，排查";
        let sentence: Vec<char> = text.chars().collect();
        let alone = |w: &[char]| search(&ac, &super::super::string_of(w));
        for a in 0..=sentence.len() {
            for b in a..=sentence.len() {
                let w = &sentence[a..b];
                let shared = reading(&sentence, text, || overlapping(&ac, w));
                assert_eq!(shared, alone(w), "window {a}..{b}");
            }
        }
        // A window of other chars, while a sentence is read, is searched alone.
        let other: Vec<char> = "排查人员".chars().collect();
        let got = reading(&sentence, text, || overlapping(&ac, &other));
        assert_eq!(got, alone(&other));
        // Outside `reading`, nothing is remembered.
        assert_eq!(overlapping(&ac, &sentence[2..6]), alone(&sentence[2..6]));
    }
}
