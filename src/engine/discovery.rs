//! Finding an address's servers the way Thunderbird does (issue 12): autoconfig hosts,
//! `.well-known`, the ISPDB, MX and SRV records, then guesses. So far: reading the
//! configuration documents those sources serve (`config_xml`).

pub mod config_xml;
