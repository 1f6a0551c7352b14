//! Import names that differ from the PyPI distribution installing them (`import sklearn` needs
//! `scikit-learn`), so that a requirements file can be checked against a post's imports.

/// One import name, the distribution to suggest for it, and every distribution that provides it.
struct Entry {
    import: &'static str,
    distribution: &'static str,
    provided_by: &'static [&'static str],
}

const fn entry(
    import: &'static str,
    distribution: &'static str,
    provided_by: &'static [&'static str],
) -> Entry {
    Entry {
        import,
        distribution,
        provided_by,
    }
}

const TENSORFLOW: &[&str] = &[
    "tensorflow",
    "tensorflow-cpu",
    "tensorflow-gpu",
    "tf-nightly",
    "tensorflow-intel",
    "tensorflow-macos",
];

const PYWIN32: &[&str] = &["pywin32"];

/// Sorted by import name (byte order), for bisection.
const ENTRIES: &[Entry] = &[
    entry("Bio", "biopython", &["biopython"]),
    entry("Crypto", "pycryptodome", &["pycryptodome", "pycrypto"]),
    entry("Cryptodome", "pycryptodomex", &["pycryptodomex"]),
    entry("IPython", "ipython", &["ipython"]),
    entry(
        "Levenshtein",
        "Levenshtein",
        &["Levenshtein", "python-Levenshtein"],
    ),
    entry("MySQLdb", "mysqlclient", &["mysqlclient"]),
    entry("OpenGL", "PyOpenGL", &["PyOpenGL"]),
    entry("OpenSSL", "pyOpenSSL", &["pyOpenSSL"]),
    entry("PIL", "Pillow", &["Pillow", "pillow-simd"]),
    entry("Xlib", "python-xlib", &["python-xlib"]),
    entry("allauth", "django-allauth", &["django-allauth"]),
    entry(
        "apiclient",
        "google-api-python-client",
        &["google-api-python-client"],
    ),
    entry("attr", "attrs", &["attrs"]),
    entry("bs4", "beautifulsoup4", &["beautifulsoup4"]),
    entry("bson", "pymongo", &["pymongo"]),
    entry("cairo", "pycairo", &["pycairo"]),
    entry(
        "corsheaders",
        "django-cors-headers",
        &["django-cors-headers"],
    ),
    entry(
        "crispy_forms",
        "django-crispy-forms",
        &["django-crispy-forms"],
    ),
    entry(
        "cv2",
        "opencv-python",
        &[
            "opencv-python",
            "opencv-python-headless",
            "opencv-contrib-python",
            "opencv-contrib-python-headless",
        ],
    ),
    entry("dateutil", "python-dateutil", &["python-dateutil"]),
    entry(
        "debug_toolbar",
        "django-debug-toolbar",
        &["django-debug-toolbar"],
    ),
    entry("decouple", "python-decouple", &["python-decouple"]),
    entry("discord", "discord.py", &["discord.py", "py-cord"]),
    entry("django_filters", "django-filter", &["django-filter"]),
    entry("dns", "dnspython", &["dnspython"]),
    entry("docx", "python-docx", &["python-docx"]),
    entry("dotenv", "python-dotenv", &["python-dotenv"]),
    entry("engineio", "python-engineio", &["python-engineio"]),
    entry("environ", "django-environ", &["django-environ"]),
    entry("faiss", "faiss-cpu", &["faiss-cpu", "faiss-gpu"]),
    entry("ffmpeg", "ffmpeg-python", &["ffmpeg-python"]),
    entry("fitz", "PyMuPDF", &["PyMuPDF"]),
    entry("gi", "PyGObject", &["PyGObject"]),
    entry("git", "GitPython", &["GitPython"]),
    entry("github", "PyGithub", &["PyGithub"]),
    entry(
        "google",
        "protobuf",
        &[
            "protobuf",
            "google-api-core",
            "google-api-python-client",
            "google-auth",
            "google-cloud-bigquery",
            "google-cloud-storage",
            "google-genai",
            "google-generativeai",
        ],
    ),
    entry(
        "googleapiclient",
        "google-api-python-client",
        &["google-api-python-client"],
    ),
    entry("grpc", "grpcio", &["grpcio"]),
    entry("jose", "python-jose", &["python-jose"]),
    entry("jwt", "PyJWT", &["PyJWT"]),
    entry(
        "kafka",
        "kafka-python",
        &["kafka-python", "kafka-python-ng"],
    ),
    entry(
        "keras",
        "keras",
        &[
            "keras",
            "tensorflow",
            "tensorflow-cpu",
            "tensorflow-gpu",
            "tf-nightly",
            "tensorflow-intel",
            "tensorflow-macos",
        ],
    ),
    entry("ldap", "python-ldap", &["python-ldap"]),
    entry("magic", "python-magic", &["python-magic"]),
    entry("memcache", "python-memcached", &["python-memcached"]),
    entry("mpl_toolkits", "matplotlib", &["matplotlib"]),
    entry("multipart", "python-multipart", &["python-multipart"]),
    entry(
        "mysql",
        "mysql-connector-python",
        &["mysql-connector-python", "mysql-connector"],
    ),
    entry("nacl", "PyNaCl", &["PyNaCl"]),
    entry("newspaper", "newspaper3k", &["newspaper3k", "newspaper4k"]),
    entry(
        "onnxruntime",
        "onnxruntime",
        &["onnxruntime", "onnxruntime-gpu"],
    ),
    entry(
        "paddle",
        "paddlepaddle",
        &["paddlepaddle", "paddlepaddle-gpu"],
    ),
    entry("pdfminer", "pdfminer.six", &["pdfminer.six"]),
    entry("pkg_resources", "setuptools", &["setuptools"]),
    entry("pptx", "python-pptx", &["python-pptx"]),
    entry("psycopg2", "psycopg2", &["psycopg2", "psycopg2-binary"]),
    entry("pythoncom", "pywin32", PYWIN32),
    entry("pywintypes", "pywin32", PYWIN32),
    entry(
        "rest_framework",
        "djangorestframework",
        &["djangorestframework"],
    ),
    entry("ruamel", "ruamel.yaml", &["ruamel.yaml"]),
    entry("serial", "pyserial", &["pyserial"]),
    entry("skimage", "scikit-image", &["scikit-image"]),
    entry("sklearn", "scikit-learn", &["scikit-learn"]),
    entry("slugify", "python-slugify", &["python-slugify"]),
    entry("snappy", "python-snappy", &["python-snappy"]),
    entry("socketio", "python-socketio", &["python-socketio"]),
    entry(
        "speech_recognition",
        "SpeechRecognition",
        &["SpeechRecognition"],
    ),
    entry("storages", "django-storages", &["django-storages"]),
    entry("telegram", "python-telegram-bot", &["python-telegram-bot"]),
    entry("tensorflow", "tensorflow", TENSORFLOW),
    entry("torch", "torch", &["torch"]),
    entry("umap", "umap-learn", &["umap-learn"]),
    entry("usb", "pyusb", &["pyusb"]),
    entry("websocket", "websocket-client", &["websocket-client"]),
    entry("whisper", "openai-whisper", &["openai-whisper"]),
    entry("win32api", "pywin32", PYWIN32),
    entry("win32com", "pywin32", PYWIN32),
    entry("win32con", "pywin32", PYWIN32),
    entry("wx", "wxPython", &["wxPython"]),
    entry("yaml", "PyYAML", &["PyYAML"]),
    entry("zmq", "pyzmq", &["pyzmq"]),
];

fn find(module: &str) -> Option<&'static Entry> {
    let top = module.split('.').next().unwrap_or(module);
    ENTRIES
        .binary_search_by(|e| e.import.cmp(top))
        .ok()
        .map(|i| &ENTRIES[i])
}

/// The PyPI distribution to install for `import module` (the top-level package of a dotted
/// name): `sklearn` → `scikit-learn`, `cv2` → `opencv-python`, `PIL` → `Pillow`; otherwise the
/// top-level package name itself.
pub fn distribution_for_import(module: &str) -> &str {
    match find(module) {
        Some(entry) => entry.distribution,
        None => module.split('.').next().unwrap_or(module),
    }
}

/// Every distribution known to provide `module`'s top-level package, the usual one first:
/// `tensorflow` is provided by `tensorflow`, `tensorflow-cpu`, `tf-nightly`…, `keras` also by
/// TensorFlow, which bundles it. Empty when the table has no entry: then only the distribution
/// named like the module ([`distribution_for_import`]) provides it.
pub fn import_provided_by(module: &str) -> &'static [&'static str] {
    find(module).map_or(&[], |entry| entry.provided_by)
}

/// Well-known dependencies: a distribution, and distributions that require it, so that
/// installing one of them installs it too (`flask` brings `jinja2`, `werkzeug`, `click`,
/// `itsdangerous`). An import it satisfies works, but only as long as that other requirement keeps
/// depending on it: worth a warning, not an error. Names are PEP 503-normalized.
const DEPENDENCIES: &[(&str, &[&str])] = &[
    ("anyio", &["starlette", "fastapi", "httpx"]),
    ("certifi", &["requests", "httpx"]),
    ("charset-normalizer", &["requests"]),
    ("click", &["flask", "uvicorn", "celery", "black"]),
    ("h11", &["uvicorn", "httpx"]),
    ("idna", &["requests", "httpx", "anyio"]),
    ("itsdangerous", &["flask"]),
    ("jinja2", &["flask"]),
    ("joblib", &["scikit-learn"]),
    ("markupsafe", &["flask", "jinja2", "werkzeug"]),
    (
        "numpy",
        &[
            "pandas",
            "scikit-learn",
            "scipy",
            "matplotlib",
            "seaborn",
            "tensorflow",
            "tensorflow-cpu",
            "tensorflow-gpu",
            "opencv-python",
            "opencv-python-headless",
            "opencv-contrib-python",
            "scikit-image",
        ],
    ),
    ("pandas", &["seaborn"]),
    ("pydantic", &["fastapi"]),
    ("python-dateutil", &["pandas", "matplotlib"]),
    ("pytz", &["pandas"]),
    ("scipy", &["scikit-learn", "scikit-image"]),
    ("sqlalchemy", &["flask-sqlalchemy"]),
    ("starlette", &["fastapi"]),
    ("typing-extensions", &["pydantic", "fastapi"]),
    ("urllib3", &["requests"]),
    ("werkzeug", &["flask"]),
];

/// The well-known distributions that require `distribution` (PEP 503-normalized name); empty
/// when the table has none.
pub fn required_by(distribution: &str) -> &'static [&'static str] {
    DEPENDENCIES
        .iter()
        .find(|(name, _)| *name == distribution)
        .map_or(&[], |(_, dependents)| dependents)
}

/// Names on PyPI that are deprecated placeholders for another distribution: installing
/// `sklearn` fails and asks for `scikit-learn`.
const DEPRECATED: &[(&str, &str)] = &[("sklearn", "scikit-learn")];

/// The distribution to require instead of a deprecated placeholder name (normalized).
pub fn replacement_for(distribution: &str) -> Option<&'static str> {
    DEPRECATED
        .iter()
        .find(|(name, _)| *name == distribution)
        .map(|(_, replacement)| *replacement)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_consistent() {
        assert!(ENTRIES.windows(2).all(|w| w[0].import < w[1].import));
        for entry in ENTRIES {
            assert_eq!(entry.provided_by.first(), Some(&entry.distribution));
        }
    }

    #[test]
    fn known_mismatches() {
        assert_eq!(distribution_for_import("sklearn"), "scikit-learn");
        assert_eq!(
            distribution_for_import("sklearn.linear_model"),
            "scikit-learn"
        );
        assert_eq!(distribution_for_import("cv2"), "opencv-python");
        assert_eq!(distribution_for_import("PIL"), "Pillow");
        assert_eq!(distribution_for_import("yaml"), "PyYAML");
        assert_eq!(distribution_for_import("bs4"), "beautifulsoup4");
        assert_eq!(distribution_for_import("google.protobuf"), "protobuf");
        assert_eq!(distribution_for_import("jwt"), "PyJWT");
        assert_eq!(distribution_for_import("fitz"), "PyMuPDF");
        assert_eq!(distribution_for_import("tensorflow"), "tensorflow");
    }

    #[test]
    fn other_modules_are_their_own_distribution() {
        assert_eq!(distribution_for_import("requests"), "requests");
        assert_eq!(distribution_for_import("flask.json"), "flask");
        assert_eq!(distribution_for_import(""), "");
    }

    #[test]
    fn dependency_table_is_sorted_and_normalized() {
        assert!(DEPENDENCIES.windows(2).all(|w| w[0].0 < w[1].0));
        for (name, dependents) in DEPENDENCIES {
            for normalized in std::iter::once(name).chain(dependents.iter()) {
                assert_eq!(crate::requirements::normalize(normalized), *normalized);
            }
        }
        assert!(required_by("numpy").contains(&"pandas"));
        assert!(required_by("flask").is_empty());
        assert_eq!(replacement_for("sklearn"), Some("scikit-learn"));
    }

    #[test]
    fn alternatives() {
        assert!(import_provided_by("mysql").contains(&"mysql-connector"));
        assert!(import_provided_by("tensorflow").contains(&"tf-nightly"));
        assert!(import_provided_by("cv2").contains(&"opencv-python-headless"));
        assert!(import_provided_by("keras").contains(&"tensorflow"));
        assert_eq!(import_provided_by("torch"), ["torch"]);
        assert!(import_provided_by("requests").is_empty());
    }
}
