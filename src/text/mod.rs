//! Text preparation: decoding document files (one policy), splitting
//! sentences, finding dates, matching phrases.

mod error;
pub use error::TextError;

mod decode;
pub use decode::{read_document, Decoded, Decoder, Warning, DEFAULT_MAX_FILE_SIZE};

mod sentences;
pub use sentences::{split, Sentence};

mod date;
pub use date::find_date;

pub mod phrases;
pub use phrases::normalize_name;
