//! Reusable pieces of pages.

pub mod bar_chart;
pub mod error_view;
pub mod filter_form;
pub mod form_checks;
pub mod form_fields;
pub mod intervention_list;
pub mod island_scripts;
pub mod live_filters;
pub mod local_time;
pub mod map_view;
pub mod pagination;
pub mod sessions_table;
pub mod staff_bar;
pub mod step_form;
pub mod translated;
