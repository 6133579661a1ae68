//! What the calls of one operation say about the client: whether Prism
//! accepted the request, and whether the client decoded the response. Each
//! runner outcome is read into a pair of verdicts; an operation's rounds are
//! then combined, the worst verdict winning.

use serde_json::Value;

use super::runner::Outcome;

/// What became of the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestVerdict {
    Accepted,
    /// Prism named what the request breaks (its security check's 401
    /// included; a 401 without violations is the document's own response).
    Rejected(String),
    /// The client's own validation refused the arguments before sending.
    RefusedByClient(String),
    /// Prism failed on the request: it crashed, or answered with an error
    /// of its own that is not a verdict on the request.
    PrismFailed(String),
    /// No answer came for another reason (connection refused, not called).
    Unanswered(String),
}

/// What became of the response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseVerdict {
    Decoded,
    Failed(String),
    /// The request passed, but Prism has no response to send: the document
    /// defines none for the operation, or gives no schema to make one from.
    NoResponse(String),
    /// No response of the document's came (the request did not pass).
    NotTested,
}

/// The verdicts of one call.
pub fn judge(outcome: &Outcome) -> (RequestVerdict, ResponseVerdict) {
    use RequestVerdict as Request;
    use ResponseVerdict as Response;
    if let Some(violations) = &outcome.violations {
        return (
            Request::Rejected(format!("prism: {violations}")),
            Response::NotTested,
        );
    }
    let message = || outcome.message.clone().unwrap_or_default();
    let problem = outcome.body.as_ref().and_then(PrismProblem::read);
    match (outcome.outcome.as_str(), outcome.status, problem) {
        ("prism-crashed", _, _) => (Request::PrismFailed(message()), Response::NotTested),
        ("refused", _, _) => (Request::RefusedByClient(message()), Response::NotTested),
        ("api", Some(_), Some(problem)) if problem.has_no_response() => {
            (Request::Accepted, Response::NoResponse(problem.title))
        }
        ("api", Some(status), Some(problem)) if status < 500 => (
            Request::Rejected(format!("prism {status}: {}", problem.messages)),
            Response::NotTested,
        ),
        ("api", Some(status), Some(problem)) => (
            Request::PrismFailed(format!("prism {status}: {}", problem.title)),
            Response::NotTested,
        ),
        ("decoded" | "api", _, _) => (Request::Accepted, Response::Decoded),
        ("decode", _, _) => (Request::Accepted, Response::Failed(message())),
        _ => (Request::Unanswered(message()), Response::NotTested),
    }
}

/// An operation's verdicts over all its calls: any call that went wrong
/// decides, since one good round does not make up for a bad one.
pub fn combine(
    verdicts: impl IntoIterator<Item = (RequestVerdict, ResponseVerdict)>,
) -> (RequestVerdict, ResponseVerdict) {
    let mut request: Option<RequestVerdict> = None;
    let mut response: Option<ResponseVerdict> = None;
    // A verdict on the client outranks Prism's failure, which outranks a pass.
    let request_rank = |verdict: &RequestVerdict| match verdict {
        RequestVerdict::Rejected(_) | RequestVerdict::RefusedByClient(_) => 3,
        RequestVerdict::Unanswered(_) => 2,
        RequestVerdict::PrismFailed(_) => 1,
        RequestVerdict::Accepted => 0,
    };
    for (call_request, call_response) in verdicts {
        if request
            .as_ref()
            .is_none_or(|seen| request_rank(&call_request) > request_rank(seen))
        {
            request = Some(call_request);
        }
        let rank = |verdict: &ResponseVerdict| match verdict {
            ResponseVerdict::Failed(_) => 3,
            ResponseVerdict::Decoded => 2,
            ResponseVerdict::NoResponse(_) => 1,
            ResponseVerdict::NotTested => 0,
        };
        if response
            .as_ref()
            .is_none_or(|seen| rank(&call_response) > rank(seen))
        {
            response = Some(call_response);
        }
    }
    (
        request.unwrap_or_else(|| RequestVerdict::Unanswered("not called".to_owned())),
        response.unwrap_or(ResponseVerdict::NotTested),
    )
}

/// A problem body (RFC 7807) that Prism wrote itself, not the document.
struct PrismProblem {
    kind: String,
    title: String,
    /// The violations it lists, else its `detail`.
    messages: String,
}

impl PrismProblem {
    fn read(body: &Value) -> Option<Self> {
        let kind = body.get("type")?.as_str()?;
        if !kind.contains("stoplight.io/prism") {
            return None;
        }
        let title = body.get("title").and_then(Value::as_str).unwrap_or("");
        let listed: Vec<&str> = body
            .get("validation")
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(|item| item.get("message").and_then(Value::as_str))
                    .collect()
            })
            .unwrap_or_default();
        let messages = if listed.is_empty() {
            let detail = body.get("detail").and_then(Value::as_str).unwrap_or("");
            if detail.is_empty() { title } else { detail }.to_owned()
        } else {
            listed.join("; ")
        };
        Some(Self {
            kind: kind.to_owned(),
            title: title.to_owned(),
            messages,
        })
    }

    /// Prism's answers after a request passed its validation but it found
    /// nothing to answer with.
    fn has_no_response(&self) -> bool {
        self.kind.ends_with("#NO_RESPONSE_RESPONSE_DEFINED")
            || self.title.starts_with("Tried to force a dynamic response")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn outcome(outcome: &str, status: Option<u16>, body: Option<Value>) -> Outcome {
        Outcome {
            operation: "op".to_owned(),
            outcome: outcome.to_owned(),
            status,
            violations: None,
            message: Some("why".to_owned()),
            body,
        }
    }

    #[test]
    fn prism_problems_are_told_apart_from_verdicts_on_the_request() {
        let no_response = json!({ "type": "https://stoplight.io/prism/errors#NO_RESPONSE_RESPONSE_DEFINED",
            "title": "No response defined for the selected operation", "status": 500, "detail": "" });
        assert_eq!(
            judge(&outcome("api", Some(500), Some(no_response))),
            (
                RequestVerdict::Accepted,
                ResponseVerdict::NoResponse(
                    "No response defined for the selected operation".to_owned()
                )
            )
        );
        let invalid = json!({ "type": "https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY",
            "title": "Invalid request", "status": 422,
            "validation": [{ "message": "Request body must be integer" }] });
        assert_eq!(
            judge(&outcome("api", Some(422), Some(invalid))).0,
            RequestVerdict::Rejected("prism 422: Request body must be integer".to_owned())
        );
        // An error status the document defines is a decoded response.
        let documented = json!({ "code": 404, "message": "not found" });
        assert_eq!(
            judge(&outcome("api", Some(404), Some(documented))),
            (RequestVerdict::Accepted, ResponseVerdict::Decoded)
        );
        // Prism answers an operation whose only response is 401 with it,
        // credentials or not; only its security check names a violation.
        assert_eq!(
            judge(&outcome("api", Some(401), None)),
            (RequestVerdict::Accepted, ResponseVerdict::Decoded)
        );
        let mut unauthorized = outcome("api", Some(401), None);
        unauthorized.violations = Some("Invalid security scheme used".to_owned());
        assert!(matches!(
            judge(&unauthorized).0,
            RequestVerdict::Rejected(_)
        ));
        assert_eq!(
            judge(&outcome("refused", None, None)).0,
            RequestVerdict::RefusedByClient("why".to_owned())
        );
        assert_eq!(
            judge(&outcome("prism-crashed", None, None)).0,
            RequestVerdict::PrismFailed("why".to_owned())
        );
    }

    #[test]
    fn the_worst_round_decides() {
        let decoded = (RequestVerdict::Accepted, ResponseVerdict::Decoded);
        let failed = (
            RequestVerdict::Accepted,
            ResponseVerdict::Failed("missing field".to_owned()),
        );
        let rejected = (
            RequestVerdict::Rejected("prism 422".to_owned()),
            ResponseVerdict::NotTested,
        );
        assert_eq!(
            combine([decoded.clone(), failed.clone(), decoded.clone()]),
            failed
        );
        assert_eq!(
            combine([decoded.clone(), rejected.clone()]),
            (rejected.0.clone(), ResponseVerdict::Decoded)
        );
        // A rejection in a later round is not hidden by Prism's failure in an earlier one.
        let crashed = (
            RequestVerdict::PrismFailed("stopped".to_owned()),
            ResponseVerdict::NotTested,
        );
        assert_eq!(combine([crashed, rejected.clone()]).0, rejected.0);
        assert_eq!(
            combine([]),
            (
                RequestVerdict::Unanswered("not called".to_owned()),
                ResponseVerdict::NotTested
            )
        );
    }
}
