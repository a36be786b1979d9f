extension ReviewEngine {
    /// Whether `change` can alter the notices planned for the review in `phase`. The store skips
    /// replanning when it cannot; the engine tests check this against a full replan after every
    /// command of a whole review.
    public func mayAlterPlan(_ change: ReviewChange, phase: String?) -> Bool {
        switch change {
        case .representativeAdded, .representativeRemoved, .noticePreferencesSet, .responseReceived, .responseConsidered,
             .decisionNoticeGiven, .decisionTaken, .baselineSigned, .objectionConsidered, .disclosureSet,
             .strandUpdated, .targetSet, .actionSet:
            // Reminders are about meetings, papers, notices, deadlines, response windows and
            // measurements; recipients are roles and organisations, never representatives.
            return false
        case .organisationInvited:
            // A new organisation is a recipient only of reminders sent to every representative.
            guard let phase = phase.flatMap({ workflow.phase($0) }) else { return true }
            return phase.reminders.contains { $0.to.contains(.representatives) }
        default:
            return true
        }
    }
}
