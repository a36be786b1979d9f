public enum BVCoreVersion { public static let string = "0.1.0" }
