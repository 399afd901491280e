//! E-mails the portal writes, in the recipient's language. Every message is stored in the
//! `outbox` table in the same transaction as what it reports, so none is silently lost.

use crate::domain::stage::Stage;
use crate::i18n::{fill, Locale};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingMail {
    pub to: String,
    pub subject: String,
    pub body: String,
    /// The record the message concerns, e.g. `ta_request:TA-2026-0001`.
    pub about: Option<String>,
}

/// The secret link to a saved draft.
pub fn draft_resume_link(locale: Locale, to: &str, link: &str) -> OutgoingMail {
    let m = &locale.messages().request;
    OutgoingMail {
        to: to.to_owned(),
        subject: m.mail_resume_subject.to_owned(),
        body: fill(m.mail_resume_body, &[("link", &link)]),
        about: None,
    }
}

/// The time-stamped receipt of a submitted request, with its tracking link.
pub fn request_receipt(
    locale: Locale,
    to: &str,
    reference: &str,
    received_at: &str,
    institution: &str,
    tracking_link: &str,
) -> OutgoingMail {
    let m = &locale.messages().request;
    OutgoingMail {
        to: to.to_owned(),
        subject: fill(m.mail_receipt_subject, &[("reference", &reference)]),
        body: fill(
            m.mail_receipt_body,
            &[
                ("reference", &reference),
                ("received_at", &received_at),
                ("institution", &institution),
                ("tracking_link", &tracking_link),
            ],
        ),
        about: Some(format!("ta_request:{reference}")),
    }
}

/// Tells the requester their request moved, with the reason when it was declined.
pub fn stage_update(locale: Locale, to: &str, reference: &str, stage: Stage, reason: Option<&str>) -> OutgoingMail {
    let messages = locale.messages();
    let stage_name = stage.name(&messages.request);
    let reason = reason.map(|r| format!("\n{}: {r}\n", messages.request.track_decline_reason)).unwrap_or_default();
    OutgoingMail {
        to: to.to_owned(),
        subject: fill(messages.staff.mail_update_subject, &[("reference", &reference)]),
        body: fill(
            messages.staff.mail_stage_body,
            &[("reference", &reference), ("stage_name", &stage_name), ("reason", &reason)],
        ),
        about: Some(format!("ta_request:{reference}")),
    }
}

/// To the requester of a request staff joined into request `into`.
pub fn request_joined(locale: Locale, to: &str, reference: &str, into: &str) -> OutgoingMail {
    let messages = locale.messages();
    OutgoingMail {
        to: to.to_owned(),
        subject: fill(messages.staff.mail_update_subject, &[("reference", &reference)]),
        body: fill(messages.endorsement.joined_notice, &[("reference", &into)]),
        about: Some(format!("ta_request:{reference}")),
    }
}

/// A message from staff to the requester.
pub fn staff_message(locale: Locale, to: &str, reference: &str, body: &str) -> OutgoingMail {
    let m = &locale.messages().staff;
    OutgoingMail {
        to: to.to_owned(),
        subject: fill(m.mail_update_subject, &[("reference", &reference)]),
        body: fill(m.mail_message_body, &[("reference", &reference), ("body", &body)]),
        about: Some(format!("ta_request:{reference}")),
    }
}

/// Tells the staff who now hold a request that it arrived.
pub fn new_request_notice(to: &str, reference: &str, institution: &str, staff_link: &str) -> OutgoingMail {
    let m = &Locale::En.messages().request;
    OutgoingMail {
        to: to.to_owned(),
        subject: fill(m.mail_new_subject, &[("reference", &reference)]),
        body: fill(
            m.mail_new_body,
            &[("reference", &reference), ("institution", &institution), ("staff_link", &staff_link)],
        ),
        about: Some(format!("ta_request:{reference}")),
    }
}

/// Tells the staff holding a request that the requester wrote.
pub fn requester_reply(to: &str, reference: &str, body: &str, staff_link: &str) -> OutgoingMail {
    // Staff work in the programme's language of record.
    let m = &Locale::En.messages().request;
    OutgoingMail {
        to: to.to_owned(),
        subject: fill(m.mail_reply_subject, &[("reference", &reference)]),
        body: fill(m.mail_reply_body, &[("reference", &reference), ("body", &body), ("staff_link", &staff_link)]),
        about: Some(format!("ta_request:{reference}")),
    }
}

/// To the requester: a new version of the concept note waits on the tracking page.
pub fn concept_note_ready(locale: Locale, to: &str, reference: &str, version: i64) -> OutgoingMail {
    let m = &locale.messages().cycle;
    let version = version.to_string();
    OutgoingMail {
        to: to.to_owned(),
        subject: fill(m.mail_note_subject, &[("reference", &reference)]),
        body: fill(m.mail_note_body, &[("reference", &reference), ("version", &version)]),
        about: Some(format!("ta_request:{reference}")),
    }
}

/// To a consultee: the TA fiche waits for their answer by `deadline` at `link` (theirs alone).
pub fn consultation_invitation(
    locale: Locale,
    to: &str,
    (reference, institution): (&str, &str),
    deadline: &str,
    link: &str,
) -> OutgoingMail {
    let m = &locale.messages().consultation;
    OutgoingMail {
        to: to.to_owned(),
        subject: fill(m.mail_invite_subject, &[("reference", &reference), ("deadline", &deadline)]),
        body: fill(
            m.mail_invite_body,
            &[("reference", &reference), ("institution", &institution), ("deadline", &deadline), ("link", &link)],
        ),
        about: Some(format!("ta_request:{reference}")),
    }
}

/// To a consultee who has not answered, two working days before the deadline.
pub fn consultation_reminder(locale: Locale, to: &str, reference: &str, deadline: &str, link: &str) -> OutgoingMail {
    let m = &locale.messages().consultation;
    OutgoingMail {
        to: to.to_owned(),
        subject: fill(m.mail_reminder_subject, &[("reference", &reference), ("deadline", &deadline)]),
        body: fill(m.mail_reminder_body, &[("reference", &reference), ("deadline", &deadline), ("link", &link)]),
        about: Some(format!("ta_request:{reference}")),
    }
}

/// To the staff holding the request: a consultee objected or commented.
pub fn consultation_answer(to: &str, reference: &str, answer: &str, comment: &str, staff_link: &str) -> OutgoingMail {
    let m = &Locale::En.messages().consultation;
    let answer = m.answer_name(answer);
    OutgoingMail {
        to: to.to_owned(),
        subject: fill(m.mail_answer_subject, &[("reference", &reference), ("answer", &answer)]),
        body: fill(
            m.mail_answer_body,
            &[("reference", &reference), ("answer", &answer), ("comment", &comment), ("staff_link", &staff_link)],
        ),
        about: Some(format!("ta_request:{reference}")),
    }
}

/// To the staff holding the request: the requester commented on the concept note.
pub fn concept_note_comment(to: &str, reference: &str, version: i64, body: &str, staff_link: &str) -> OutgoingMail {
    let m = &Locale::En.messages().cycle;
    let version = version.to_string();
    OutgoingMail {
        to: to.to_owned(),
        subject: fill(m.mail_comment_subject, &[("reference", &reference)]),
        body: fill(
            m.mail_comment_body,
            &[("reference", &reference), ("version", &version), ("body", &body), ("staff_link", &staff_link)],
        ),
        about: Some(format!("ta_request:{reference}")),
    }
}

/// To the staff holding the request: the requester assessed the completed TA.
pub fn assessment_given(to: &str, reference: &str, marks: &str, follow_up: &str, staff_link: &str) -> OutgoingMail {
    let m = &Locale::En.messages().completion;
    OutgoingMail {
        to: to.to_owned(),
        subject: fill(m.mail_assessment_subject, &[("reference", &reference)]),
        body: fill(
            m.mail_assessment_body,
            &[("reference", &reference), ("marks", &marks), ("follow_up", &follow_up), ("staff_link", &staff_link)],
        ),
        about: Some(format!("ta_request:{reference}")),
    }
}

/// To a requesting government's official: endorse request `reference` at `link` (theirs
/// alone). `government` names whom they endorse for, in `locale`.
pub fn endorsement_request(
    locale: Locale,
    to: &str,
    (reference, institution): (&str, &str),
    government: &str,
    link: &str,
) -> OutgoingMail {
    let m = &locale.messages().endorsement;
    OutgoingMail {
        to: to.to_owned(),
        subject: fill(m.mail_subject, &[("reference", &reference)]),
        body: fill(
            m.mail_body,
            &[("reference", &reference), ("institution", &institution), ("government", &government), ("link", &link)],
        ),
        about: Some(format!("ta_request:{reference}")),
    }
}

/// To the staff holding the request: the last awaited endorsement came.
pub fn endorsements_complete(to: &str, reference: &str, staff_link: &str) -> OutgoingMail {
    let m = &Locale::En.messages().endorsement;
    OutgoingMail {
        to: to.to_owned(),
        subject: fill(m.mail_staff_subject, &[("reference", &reference)]),
        body: fill(m.mail_staff_body, &[("reference", &reference), ("link", &staff_link)]),
        about: Some(format!("ta_request:{reference}")),
    }
}

/// To the staff holding the request: the requester agreed to the concept note.
pub fn concept_note_agreed(to: &str, reference: &str, version: i64, staff_link: &str) -> OutgoingMail {
    let m = &Locale::En.messages().cycle;
    let version = version.to_string();
    OutgoingMail {
        to: to.to_owned(),
        subject: fill(m.mail_agreed_subject, &[("reference", &reference)]),
        body: fill(
            m.mail_agreed_body,
            &[("reference", &reference), ("version", &version), ("staff_link", &staff_link)],
        ),
        about: Some(format!("ta_request:{reference}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_receipt_names_reference_time_and_link_in_the_reader_language() {
        let mail = request_receipt(
            Locale::Fr,
            "a@b.org",
            "TA-2026-0001",
            "2026-11-22T10:00:00Z",
            "Ministère",
            "https://x/t/abc",
        );
        assert_eq!(mail.subject, "Demande TA-2026-0001 reçue");
        for part in ["TA-2026-0001", "2026-11-22T10:00:00Z", "Ministère", "https://x/t/abc"] {
            assert!(mail.body.contains(part), "{part}");
        }
    }
}

/// The secret link to an application to the expert roster that is being filled in.
pub fn expert_resume_link(locale: Locale, to: &str, link: &str, expert_id: i64) -> OutgoingMail {
    let m = &locale.messages().roster;
    OutgoingMail {
        to: to.to_owned(),
        subject: m.mail_resume_subject.to_owned(),
        body: fill(m.mail_resume_body, &[("link", &link)]),
        about: Some(format!("expert:{expert_id}")),
    }
}

/// The link that confirms an expert's address and puts the profile on the roster.
pub fn expert_confirm_link(locale: Locale, to: &str, name: &str, link: &str, expert_id: i64) -> OutgoingMail {
    let m = &locale.messages().roster;
    OutgoingMail {
        to: to.to_owned(),
        subject: m.mail_confirm_subject.to_owned(),
        body: fill(m.mail_confirm_body, &[("name", &name), ("link", &link)]),
        about: Some(format!("expert:{expert_id}")),
    }
}

/// Tells the holder of an address that a new application with it was not kept.
pub fn expert_already_registered(locale: Locale, to: &str, roster_link: &str) -> OutgoingMail {
    let m = &locale.messages().roster;
    OutgoingMail {
        to: to.to_owned(),
        subject: m.mail_registered_subject.to_owned(),
        body: fill(m.mail_registered_body, &[("roster_link", &roster_link)]),
        about: None,
    }
}

/// A single-use link that signs an expert in to their own space.
pub fn expert_sign_in_link(locale: Locale, to: &str, link: &str, expert_id: i64) -> OutgoingMail {
    let m = &locale.messages().roster;
    OutgoingMail {
        to: to.to_owned(),
        subject: m.mail_sign_in_subject.to_owned(),
        body: fill(m.mail_sign_in_body, &[("link", &link)]),
        about: Some(format!("expert:{expert_id}")),
    }
}

/// Asks an expert whether they are available for a request's assignment.
pub fn expert_contacted(
    locale: Locale,
    to: &str,
    name: &str,
    reference: &str,
    topics: &str,
    reply_to: &str,
) -> OutgoingMail {
    let m = &locale.messages().roster;
    OutgoingMail {
        to: to.to_owned(),
        subject: fill(m.mail_contact_subject, &[("reference", &reference)]),
        body: fill(
            m.mail_contact_body,
            &[("name", &name), ("reference", &reference), ("topics", &topics), ("reply_to", &reply_to)],
        ),
        about: Some(format!("ta_request:{reference}")),
    }
}

/// Tells an expert they are assigned, with the periods (one per line) and the days in all.
pub fn expert_assigned(
    locale: Locale,
    to: &str,
    name: &str,
    reference: &str,
    periods: &str,
    days: u32,
) -> OutgoingMail {
    let m = &locale.messages().roster;
    OutgoingMail {
        to: to.to_owned(),
        subject: fill(m.mail_assigned_subject, &[("reference", &reference)]),
        body: fill(
            m.mail_assigned_body,
            &[("name", &name), ("reference", &reference), ("periods", &periods), ("days", &days)],
        ),
        about: Some(format!("ta_request:{reference}")),
    }
}

/// Reminds an expert whose profile was not updated for long to sign in and update it.
pub fn expert_reminder(locale: Locale, to: &str, sign_in_link: &str, grace_days: i64, expert_id: i64) -> OutgoingMail {
    let m = &locale.messages().roster;
    OutgoingMail {
        to: to.to_owned(),
        subject: m.mail_reminder_subject.to_owned(),
        body: fill(m.mail_reminder_body, &[("grace_days", &grace_days), ("sign_in_link", &sign_in_link)]),
        about: Some(format!("expert:{expert_id}")),
    }
}

/// The link that confirms the new address an expert gave (sent to that address).
pub fn expert_address_change_link(locale: Locale, to: &str, link: &str, expert_id: i64) -> OutgoingMail {
    let m = &locale.messages().roster;
    OutgoingMail {
        to: to.to_owned(),
        subject: m.mail_address_subject.to_owned(),
        body: fill(m.mail_address_body, &[("link", &link)]),
        about: Some(format!("expert:{expert_id}")),
    }
}

/// The secret link to a saved grant application.
pub fn grant_resume_link(locale: Locale, to: &str, link: &str) -> OutgoingMail {
    let m = &locale.messages().grants;
    OutgoingMail {
        to: to.to_owned(),
        subject: m.mail_resume_subject.to_owned(),
        body: fill(m.mail_resume_body, &[("link", &link)]),
        about: None,
    }
}

/// What a grant receipt says besides the reference.
pub struct GrantReceipt<'a> {
    pub to: &'a str,
    pub organisation: &'a str,
    pub call_title: &'a str,
    pub deadline: &'a str,
    pub received_at: &'a str,
    pub tracking_link: &'a str,
}

/// The time-stamped receipt of a grant application: the first one with its tracking link,
/// later ones saying which version will be reviewed.
pub fn grant_receipt(locale: Locale, reference: &str, first: bool, receipt: &GrantReceipt<'_>) -> OutgoingMail {
    let m = &locale.messages().grants;
    let (subject, body) = if first {
        (
            fill(m.mail_receipt_subject, &[("reference", &reference)]),
            fill(
                m.mail_receipt_body,
                &[
                    ("reference", &reference),
                    ("organisation", &receipt.organisation),
                    ("received_at", &receipt.received_at),
                    ("call_title", &receipt.call_title),
                    ("tracking_link", &receipt.tracking_link),
                    ("deadline", &receipt.deadline),
                ],
            ),
        )
    } else {
        (
            fill(m.mail_resubmit_subject, &[("reference", &reference)]),
            fill(m.mail_resubmit_body, &[("reference", &reference), ("received_at", &receipt.received_at)]),
        )
    };
    OutgoingMail { to: receipt.to.to_owned(), subject, body, about: Some(format!("grant_application:{reference}")) }
}

/// Tells the applicant what was decided, and why.
pub fn grant_decision(
    locale: Locale,
    to: &str,
    reference: &str,
    project_title: &str,
    decision: crate::domain::grant::ApplicationStatus,
    reason: &str,
) -> OutgoingMail {
    let m = &locale.messages().grants;
    let decided = decision.name(m);
    OutgoingMail {
        to: to.to_owned(),
        subject: fill(m.mail_decision_subject, &[("reference", &reference)]),
        body: fill(
            m.mail_decision_body,
            &[
                ("reference", &reference),
                ("project_title", &project_title),
                ("decided", &decided),
                ("reason", &fill(m.reason_given, &[("reason", &reason)])),
            ],
        ),
        about: Some(format!("grant_application:{reference}")),
    }
}

/// The link a member of staff asked for to set a new password.
pub fn staff_password_reset(locale: Locale, to: &str, link: &str, user_id: i64) -> OutgoingMail {
    let m = &locale.messages().staff;
    OutgoingMail {
        to: to.to_owned(),
        subject: m.mail_reset_subject.to_owned(),
        body: fill(m.mail_reset_body, &[("link", &link)]),
        about: Some(format!("staff_user:{user_id}")),
    }
}
