//! The pages, one folder per area of the portal; inside an area, one module per page or
//! family of pages. An area's back-office pages sit in its folder beside the public ones.

pub mod grants;
pub mod map;
pub mod not_found;
pub mod requests;
pub mod roster;
pub mod staff;
