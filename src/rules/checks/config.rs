//! Problems with the file itself: syntax its client rejects, and shapes the model could not read.

use super::{Check, Hit};
use crate::parse::Span;
use crate::rules::FileContext;

/// JSONC features (comments, trailing commas) in a file whose client parses strict JSON.
pub struct StrictJson;

impl Check for StrictJson {
    fn run(&self, ctx: &FileContext, emit: &mut dyn FnMut(Hit)) {
        let Some(problem) = ctx.leniency else { return };
        // Task frontmatter that only a lenient reader accepts: clients with a YAML parser skip the file.
        if ctx.path.to_ascii_lowercase().ends_with(".md") {
            let at = problem.offset.min(ctx.source.len());
            emit(Hit::new(Span::new(at, at), "", None, problem.message.clone()));
            return;
        }
        if !ctx.client.strict_json() {
            return;
        }
        let end = ctx.source[problem.offset..]
            .chars()
            .next()
            .map(|c| problem.offset + c.len_utf8())
            .unwrap_or(problem.offset);
        emit(Hit::new(
            Span::new(problem.offset, end),
            "",
            None,
            format!(
                "{} reads this file as strict JSON and will reject it: {}",
                ctx.client.slug(),
                problem.message.trim_end_matches('.')
            ),
        ));
    }
}

/// Something the adapter could not read as the client would (a server that is not an object, ...).
pub struct ModelNote;

impl Check for ModelNote {
    fn run(&self, ctx: &FileContext, emit: &mut dyn FnMut(Hit)) {
        let Some(model) = ctx.model else { return };
        for note in &model.notes {
            emit(Hit::new(note.span, note.pointer.clone(), None, note.message.clone()));
        }
    }
}
