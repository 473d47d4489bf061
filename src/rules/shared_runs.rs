//! Where a text shares a run of at least `min` characters with one of a few known strings: a suffix automaton
//! of the strings, run over the text once. It answers what an Aho-Corasick automaton of every `min`-character
//! window of the strings answered, but is built in time linear in the strings' length: that automaton had a
//! state for nearly every character of every window, and a redactor builds one per file that holds a secret.

/// The suffix automaton of some strings: every substring of one of them is a path from the root.
pub struct SharedRuns {
    states: Vec<State>,
    min: usize,
}

struct State {
    /// The length of the longest substring that ends in this state.
    len: usize,
    /// The state of the longest suffix that ends elsewhere; `None` for the root.
    link: Option<usize>,
    /// Transitions, sorted by character: the root has one for every character of the strings, which a
    /// hostile file can make thousands.
    next: Vec<(u32, usize)>,
}

impl State {
    fn get(&self, c: u32) -> Option<usize> {
        self.next.binary_search_by_key(&c, |&(k, _)| k).ok().map(|i| self.next[i].1)
    }

    fn set(&mut self, c: u32, to: usize) {
        match self.next.binary_search_by_key(&c, |&(k, _)| k) {
            Ok(i) => self.next[i].1 = to,
            Err(i) => self.next.insert(i, (c, to)),
        }
    }
}

/// Ends each string: no text holds it (it is no character), so no run spans two strings. One symbol for all of
/// them: a symbol per string would give the root a transition per string.
const SEPARATOR: u32 = char::MAX as u32 + 1;

impl SharedRuns {
    /// `None` when no string has `min` characters: nothing could be shared.
    pub fn new<'a>(strings: impl IntoIterator<Item = &'a str>, min: usize) -> Option<SharedRuns> {
        assert!(min > 0, "a run has at least one character");
        let mut runs = SharedRuns { states: vec![State { len: 0, link: None, next: Vec::new() }], min };
        let mut any = false;
        let mut last = 0;
        for s in strings {
            any |= s.chars().nth(min - 1).is_some();
            for c in s.chars() {
                last = runs.extend(last, c as u32);
            }
            last = runs.extend(last, SEPARATOR);
        }
        any.then_some(runs)
    }

    /// The classic online construction (Blumer et al.): appends `c` to the string whose last state is `last`.
    fn extend(&mut self, last: usize, c: u32) -> usize {
        let cur = self.states.len();
        self.states.push(State { len: self.states[last].len + 1, link: Some(0), next: Vec::new() });
        let mut p = Some(last);
        while let Some(q) = p {
            if self.states[q].get(c).is_some() {
                break;
            }
            self.states[q].set(c, cur);
            p = self.states[q].link;
        }
        let Some(p) = p else { return cur };
        let q = self.states[p].get(c).expect("the loop stopped at a state with this transition");
        if self.states[p].len + 1 == self.states[q].len {
            self.states[cur].link = Some(q);
            return cur;
        }
        let clone = self.states.len();
        let copy = State { len: self.states[p].len + 1, link: self.states[q].link, next: self.states[q].next.clone() };
        self.states.push(copy);
        let mut r = Some(p);
        while let Some(s) = r {
            if self.states[s].get(c) != Some(q) {
                break;
            }
            self.states[s].set(c, clone);
            r = self.states[s].link;
        }
        self.states[q].link = Some(clone);
        self.states[cur].link = Some(clone);
        cur
    }

    /// Calls `found(start, end)` (byte offsets) for every run of exactly `min` characters of `text` that is
    /// part of a known string, in order of its end: the runs overlap where a longer run is shared.
    pub fn each_window(&self, text: &str, mut found: impl FnMut(usize, usize)) {
        // The byte offsets of the last `min` characters read.
        let mut starts = vec![0usize; self.min];
        let (mut state, mut len) = (0, 0);
        for (count, (i, ch)) in text.char_indices().enumerate() {
            starts[count % self.min] = i;
            let c = ch as u32;
            // The longest suffix of the text read so far that is a substring of a known string.
            loop {
                if let Some(next) = self.states[state].get(c) {
                    state = next;
                    len += 1;
                    break;
                }
                match self.states[state].link {
                    Some(link) => {
                        state = link;
                        len = self.states[link].len;
                    }
                    None => {
                        len = 0;
                        break;
                    }
                }
            }
            if len >= self.min {
                found(starts[(count + 1) % self.min], i + ch.len_utf8());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SharedRuns;
    use std::collections::HashSet;

    /// What the window automaton found: every `min`-character run of the text that is one of the strings'.
    fn naive(strings: &[&str], text: &str, min: usize) -> Vec<(usize, usize)> {
        let mut windows = HashSet::new();
        for s in strings {
            let b: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
            for w in b.windows(min + 1) {
                windows.insert(&s[w[0]..w[min]]);
            }
        }
        let b: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        b.windows(min + 1).filter(|w| windows.contains(&text[w[0]..w[min]])).map(|w| (w[0], w[min])).collect()
    }

    fn found(runs: &SharedRuns, text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        runs.each_window(text, |s, e| out.push((s, e)));
        out
    }

    #[test]
    fn finds_every_shared_window_and_nothing_else() {
        let secret = "ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";
        let runs = SharedRuns::new([secret], 12).unwrap();
        let text = format!("token {secret} and a copy cut short: {} end", &secret[4..20]);
        assert_eq!(found(&runs, &text), naive(&[secret], &text, 12));
        assert_eq!(found(&runs, &text).len(), (secret.len() - 11) + (16 - 11));
        assert!(found(&runs, "eleven characters are not enough: ghp_A1b2C3d").is_empty());
        assert!(SharedRuns::new(["short"], 12).is_none());
    }

    #[test]
    fn no_run_spans_two_strings() {
        let runs = SharedRuns::new(["abcdefgh", "ijklmnop"], 6).unwrap();
        assert!(found(&runs, "abcdefghijklmnop").iter().all(|&(s, e)| e <= 8 || s >= 8));
        assert_eq!(found(&runs, "xxijklmnxx"), vec![(2, 8)]);
    }

    /// A file with thousands of secrets gives the root one transition per distinct character, not per secret.
    #[test]
    fn many_strings_keep_the_root_small() {
        let secrets: Vec<String> = (0..5000).map(|i| format!("tok_{i:08}_abcdefgh")).collect();
        let runs = SharedRuns::new(secrets.iter().map(String::as_str), 12).unwrap();
        let distinct: HashSet<char> = secrets.iter().flat_map(|s| s.chars()).collect();
        assert_eq!(runs.states[0].next.len(), distinct.len() + 1);
        assert_eq!(found(&runs, "x tok_00004999_abc y"), vec![(2, 14), (3, 15), (4, 16), (5, 17), (6, 18)]);
    }

    /// Random strings and texts, with multi-byte characters and texts spliced from the strings' pieces, against
    /// the set of windows the redactor used to search for.
    #[test]
    fn agrees_with_the_window_set_on_random_texts() {
        let mut next = crate::rules::test_random(0x9e37_79b9_7f4a_7c15u64);
        let alphabet: Vec<char> = "abcAB01_-é€😀".chars().collect();
        for _ in 0..400 {
            let min = 1 + next(8);
            let strings: Vec<String> =
                (0..1 + next(3)).map(|_| (0..next(24)).map(|_| alphabet[next(alphabet.len())]).collect()).collect();
            let mut text = String::new();
            for _ in 0..next(8) {
                let s = &strings[next(strings.len())];
                let chars: Vec<char> = s.chars().collect();
                let from = next(chars.len() + 1);
                let to = from + next(chars.len() + 1 - from);
                text.extend(&chars[from..to]);
                text.extend((0..next(3)).map(|_| alphabet[next(alphabet.len())]));
            }
            let refs: Vec<&str> = strings.iter().map(String::as_str).collect();
            let expected = naive(&refs, &text, min);
            match SharedRuns::new(refs.iter().copied(), min) {
                Some(runs) => assert_eq!(found(&runs, &text), expected, "{refs:?} in {text:?}, min {min}"),
                None => assert!(expected.is_empty()),
            }
        }
    }
}
