/// An entry of the workflow's indicator catalogue: a classic Best Value indicator that a review may
/// adopt by its code (and then give its own baseline and targets) or use as a model for its own.
public struct IndicatorDefinition: Sendable, Hashable, Codable {
    public let code: String
    public let name: String
    public let definition: String?
    public let unit: IndicatorUnit
    public let polarity: Polarity
    public let source: IndicatorSource?

    public init(code: String, name: String, definition: String? = nil, unit: IndicatorUnit, polarity: Polarity, source: IndicatorSource? = nil) {
        (self.code, self.name, self.definition, self.unit, self.polarity, self.source) = (code, name, definition, unit, polarity, source)
    }
}
