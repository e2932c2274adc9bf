fn main() {
    let ex = finkg::Extractor::new(finkg::Schema::bundled().unwrap());
    for text in std::env::args().skip(1) {
        print!("{}", ex.trace(&text));
    }
}
