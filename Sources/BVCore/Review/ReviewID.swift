/// What a review may be called: it sits unchanged in the API's paths, file names and outbox keys.
public enum ReviewID {
    /// Why `id` cannot name a review, in words for an officer; nil when it can.
    public static func problem(_ id: String) -> String? {
        guard isLowerCaseIdentifier(id) else {
            return "a review id is lower-case letters, digits and hyphens, not '\(id)'"
        }
        // POST /v1/reviews/import would be taken for a command on a review of that name.
        if id == "import" { return "'import' is reserved (POST /v1/reviews/import); choose another review id" }
        return nil
    }
}
