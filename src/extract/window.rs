//! Cue hits of a sentence's windows, from one pass over the sentence.
//!
//! A figure's rules search many windows of its sentence with the same few
//! word lists: its clause before and after it, the words before it, the
//! rest of the sentence, for verbs, nouns, series cues. A sentence of five
//! figures was searched some forty times. While a sentence is being read
//! ([`reading`]), each list is searched over it once, on first use, and a
//! window's hits are the sentence's hits that lie wholly inside it.
//!
//! That is the same answer, in the same order, as a search of the window
//! alone: a search reports every occurrence of every word, in order of
//! where it ends (longer words first at the same end, as an automaton's
//! overlapping search gives them), and an occurrence inside the window is
//! one inside the sentence. A window that is not part of the sentence being
//! read is searched on its own.
//!
//! The sentence is known by the address of its chars: the rules receive
//! plain `&[char]` windows cut from it, and threading a context through
//! every rule for this alone would make each one harder to read.

use super::cues::CharWords;
use std::cell::RefCell;
use std::rc::Rc;

/// (char start, char end, word index) of one occurrence.
pub(crate) type Hit = (usize, usize, usize);

struct Memo {
    /// Address of the sentence's chars.
    base: usize,
    /// The sentence's chars (a copy: the memo outlives no borrow).
    chars: Vec<char>,
    /// Each word list (by address) used so far, with its hits in the sentence.
    hits: Vec<(usize, Rc<Vec<Hit>>)>,
}

thread_local! {
    static READING: RefCell<Option<Memo>> = const { RefCell::new(None) };
}

/// Runs `f` with `sentence` as the sentence being read: searches of its
/// windows inside `f` share one pass per word list. Nested calls read the
/// inner sentence and give the outer one back after.
pub(crate) fn reading<R>(sentence: &[char], f: impl FnOnce() -> R) -> R {
    let memo = Memo {
        base: sentence.as_ptr() as usize,
        chars: sentence.to_vec(),
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

/// Every occurrence of `words` in `window`, overlapping ones included, in
/// char offsets of the window, by end (longer first at one end): what the
/// tests compare.
#[cfg(test)]
pub(crate) fn overlapping(words: &CharWords, window: &[char]) -> Vec<Hit> {
    let mut hits = Vec::new();
    each_overlapping(words, window, |h| hits.push(h));
    hits
}

/// Hands `hit` every occurrence of `words` in `window`, overlapping ones
/// included, in char offsets of the window, by end (longer first at one
/// end). The rules want the nearest or first cue of a window; a list of
/// hits per window was most of what a window cost.
pub(crate) fn each_overlapping(words: &CharWords, window: &[char], mut hit: impl FnMut(Hit)) {
    // The sentence's hits are shared out of the memo, not borrowed: `hit`
    // may itself search a window of the sentence.
    let shared = READING.with(|r| {
        let mut r = r.borrow_mut();
        let memo = r.as_mut()?;
        let addr = window.as_ptr() as usize;
        let size = std::mem::size_of::<char>();
        let inside = addr >= memo.base
            && (addr - memo.base).is_multiple_of(size)
            && (addr - memo.base) / size + window.len() <= memo.chars.len();
        if !inside {
            return None;
        }
        let key = std::ptr::from_ref(words) as usize;
        let at = match memo.hits.iter().position(|(k, _)| *k == key) {
            Some(at) => at,
            None => {
                memo.hits.push((key, Rc::new(search(words, &memo.chars))));
                memo.hits.len() - 1
            }
        };
        Some((Rc::clone(&memo.hits[at].1), (addr - memo.base) / size))
    });
    let Some((hits, off)) = shared else {
        search(words, window).into_iter().for_each(hit);
        return;
    };
    // Hits come by end: those ending by `off` cannot start inside (a word
    // has a char), and those ending past the window's end come after.
    let end = off + window.len();
    let from = hits.partition_point(|&(_, e, _)| e <= off);
    for &(s, e, p) in hits[from..].iter().take_while(|&&(_, e, _)| e <= end) {
        if s >= off {
            hit((s - off, e - off, p));
        }
    }
}

fn search(words: &CharWords, chars: &[char]) -> Vec<Hit> {
    let mut hits = Vec::new();
    words.each_hit(chars, |start, w| {
        hits.push((start, start + words.len_of(w), w))
    });
    // By end, the longer (earlier starting) first: the automaton's order.
    hits.sort_by_key(|&(s, e, _)| (e, s));
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What an automaton's overlapping search of the window's string finds,
    /// in chars: the order `search` keeps.
    fn by_automaton(words: &[&str], window: &[char]) -> Vec<Hit> {
        let ac = super::super::cues::small_automaton(words);
        let text = super::super::string_of(window);
        let mut at = super::super::cues::CharCursor::new(&text);
        ac.find_overlapping_iter(&text)
            .map(|m| {
                let (s, e) = at.span(m.start(), m.end());
                (s, e, m.pattern().as_usize())
            })
            .collect()
    }

    #[test]
    fn a_window_gets_what_a_search_of_it_alone_finds() {
        let list = ["排查", "查", "排查人员", "人员", "员"];
        let words = CharWords::new(list);
        let text = "全县排查人员3000人，核查人员12人，排查";
        let sentence: Vec<char> = text.chars().collect();
        let alone = |w: &[char]| by_automaton(&list, w);
        for a in 0..=sentence.len() {
            for b in a..=sentence.len() {
                let w = &sentence[a..b];
                let shared = reading(&sentence, || overlapping(&words, w));
                assert_eq!(shared, alone(w), "window {a}..{b}");
                assert_eq!(search(&words, w), alone(w), "window {a}..{b} alone");
            }
        }
        // A window of other chars, while a sentence is read, is searched alone.
        let other: Vec<char> = "排查人员".chars().collect();
        let got = reading(&sentence, || overlapping(&words, &other));
        assert_eq!(got, alone(&other));
        // Outside `reading`, nothing is remembered.
        assert_eq!(overlapping(&words, &sentence[2..6]), alone(&sentence[2..6]));
    }

    /// Every cue table's words, run into each other: the order of a search
    /// in chars is the automaton's, hit for hit.
    #[test]
    fn the_order_is_the_automaton_s_for_every_table() {
        use super::super::cues::{measure, series};
        let tables: [Vec<&str>; 3] = [
            measure::VERB_CUES
                .entries()
                .iter()
                .map(|(w, _)| *w)
                .collect(),
            measure::NOUN_CUES
                .entries()
                .iter()
                .map(|(w, _)| *w)
                .collect(),
            series::TALLY_WORDS
                .entries()
                .iter()
                .map(|(w, _)| *w)
                .collect(),
        ];
        for list in tables {
            let mut list = list;
            let mut seen = std::collections::HashSet::new();
            list.retain(|w| seen.insert(*w));
            let mut text = String::new();
            for (k, w) in list.iter().enumerate() {
                text.push_str(w);
                // Every word also right after the next, and some apart.
                text.push_str(list[(k * 7 + 3) % list.len()]);
                if k % 5 == 0 {
                    text.push('，');
                }
            }
            let chars: Vec<char> = text.chars().collect();
            assert_eq!(
                search(&CharWords::new(list.iter().copied()), &chars),
                by_automaton(&list, &chars)
            );
        }
    }
}
