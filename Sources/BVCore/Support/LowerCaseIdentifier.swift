/// Whether `text` is an id of the kind bvd makes for reviews and directory organisations:
/// lower-case letters, digits and hyphens, so that it sits in paths, file names and outbox keys
/// unchanged.
public func isLowerCaseIdentifier(_ text: String) -> Bool {
    !text.isEmpty && text.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
}

/// Why `text` cannot be a directory organisation's id, or nil when it can; said alike by bvd
/// and, before it asks, by bvctl.
public func organisationIDProblem(_ text: String) -> String? {
    isLowerCaseIdentifier(text) ? nil : "an organisation id is lower-case letters, digits and hyphens, not '\(text)'"
}
