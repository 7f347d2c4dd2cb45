//! Jebi: the mail engine (no UI imports here).
