//! Text preparation: decoding document files (one policy), splitting
//! sentences, finding dates, matching phrases, and what the user says about
//! documents (front matter, manifests, news feeds).

mod error;
pub use error::TextError;

mod warning;
pub use warning::Warning;

mod decode;
pub use decode::{read_document, Decoded, Decoder, DEFAULT_MAX_FILE_SIZE};

mod sentences;
pub use sentences::{split, Sentence, MAX_SENTENCE};

mod date;
pub use date::{find_date, parse_date};

mod front_matter;
pub use front_matter::{front_matter, FrontMatter, Metadata};

mod manifest;
pub use manifest::Manifest;

mod feed;
pub use feed::{is_feed, parse_feed, read_feed, FeedItem};

pub mod phrases;
pub use phrases::normalize_name;
