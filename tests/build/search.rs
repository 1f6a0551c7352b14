//! The search files as the theme's `site.js` reads them: the manifest, one shard per word, one
//! fragment per result. `Search` below follows the same steps as the browser does.

use serde_json::Value;

use crate::common::{fragment, gunzip, page, SiteTest};

/// The built search files of `site`, read as the browser reads them.
struct Search<'a> {
    site: &'a SiteTest,
    manifest: Value,
}

/// One page holding a word, from its shard entry and its fragment.
#[derive(Debug, PartialEq)]
struct Hit {
    title: String,
    /// The page URL with the anchor of the section that holds the word most.
    url: String,
    /// Whether that section holds it in code.
    code: bool,
    /// That section's prose or code, as kept for snippets.
    snippet: String,
}

impl<'a> Search<'a> {
    fn of(site: &'a SiteTest) -> Search<'a> {
        let manifest = serde_json::from_str(&site.read("search/index.json")).expect("manifest");
        Search { site, manifest }
    }

    fn shards(&self) -> Vec<(String, String)> {
        self.manifest["shards"]
            .as_array()
            .expect("shards")
            .iter()
            .map(|shard| {
                (
                    shard[0].as_str().expect("first word").to_owned(),
                    shard[1].as_str().expect("file").to_owned(),
                )
            })
            .collect()
    }

    /// The pages holding `word`, best first.
    fn find(&self, word: &str) -> Vec<Hit> {
        let shards = self.shards();
        let shard = shards
            .iter()
            .rposition(|(first, _)| first.as_str() <= word)
            .unwrap_or(0);
        let path = self.site.out(&format!("search/{}", shards[shard].1));
        let entries: Value =
            serde_json::from_str(&gunzip(&std::fs::read(path).expect("shard"))).expect("shard");
        let Some(entry) = entries[word].as_str() else {
            return Vec::new();
        };
        entry
            .split(';')
            .map(|posting| {
                let fields: Vec<&str> = posting.split(',').collect();
                let fragment = fragment(&self.manifest, fields[0], |path| {
                    std::fs::read(self.site.out(&format!("search/{path}"))).expect("fragment")
                });
                let section_number = usize::from_str_radix(fields[2], 36).expect("section");
                let section = &fragment["s"][section_number];
                let code = fields.get(3) == Some(&"c");
                let anchor = section[0].as_str().expect("anchor");
                Hit {
                    title: fragment["t"].as_str().expect("title").to_owned(),
                    url: format!(
                        "{}{}",
                        fragment["u"].as_str().expect("url"),
                        if anchor.is_empty() {
                            String::new()
                        } else {
                            format!("#{anchor}")
                        }
                    ),
                    code,
                    snippet: section[if code { 3 } else { 2 }]
                        .as_str()
                        .expect("snippet")
                        .to_owned(),
                }
            })
            .collect()
    }

    fn titles(&self, word: &str) -> Vec<String> {
        self.find(word).into_iter().map(|hit| hit.title).collect()
    }
}

fn tutorial_site() -> SiteTest {
    SiteTest::new()
        .file(
            "docsite.yaml",
            "title: Notes\nbase_url: https://example.com/blog/\n",
        )
        .file(
            "content/posts/serve.md",
            &page(
                "title: Serving a Keras model\ndescription: Flask in front of a model\nkeywords: flask",
                "Intro about serving.\n\n## Load the model\n\nThe server loads it once.\n\n```python\nfrom tensorflow import keras\n\nmodel = keras.models.load_model(\"model.keras\")\nprint(model.predict([[1.0]]))\n```\n\n## Run it\n\nStart gunicorn with two workers.\n",
            ),
        )
        .file(
            "content/posts/flask.md",
            &page(
                "title: Flask basics",
                "Flask routes map URLs to functions. Flask is small.\n",
            ),
        )
        .file(
            "content/posts/draft.md",
            &page("title: Secret flask draft\ndraft: true", "Flask secrets.\n"),
        )
}

#[test]
fn words_lead_to_their_pages_best_first_with_the_section_that_holds_them() {
    let site = tutorial_site();
    site.build_ok();
    let search = Search::of(&site);
    assert_eq!(
        search.titles("flask"),
        ["Flask basics", "Serving a Keras model"],
        "the page titled with the word first; drafts are not searchable"
    );
    let gunicorn = search.find("gunicorn");
    assert_eq!(
        gunicorn,
        [Hit {
            title: "Serving a Keras model".into(),
            url: "/blog/posts/serve/#run-it".into(),
            code: false,
            snippet: "Start gunicorn with two workers.".into(),
        }]
    );
    assert!(search.find("the").is_empty(), "stop words are left out");
}

#[test]
fn identifiers_in_code_are_found_whole_and_by_their_parts_and_say_so() {
    let site = tutorial_site();
    site.build_ok();
    let search = Search::of(&site);
    for word in ["modelpredict", "predict", "loadmodel", "tensorflow"] {
        let hits = search.find(word);
        assert_eq!(hits.len(), 1, "{word}");
        assert_eq!(hits[0].url, "/blog/posts/serve/#load-the-model", "{word}");
        assert!(hits[0].code, "{word} is found in code");
        assert!(
            hits[0].snippet.contains("print(model.predict([[1.0]]))"),
            "{}",
            hits[0].snippet
        );
    }
}

#[test]
fn a_large_site_is_cut_into_shards_that_each_hold_a_range_of_words() {
    let mut site = SiteTest::new();
    for n in 0..400 {
        let words: Vec<String> = (0..30).map(|w| format!("word{n}x{w}")).collect();
        site = site.file(
            &format!("content/posts/p{n}.md"),
            &page(&format!("title: Page {n}"), &words.join(" ")),
        );
    }
    site.build_ok();
    let search = Search::of(&site);
    let shards = search.shards();
    assert!(shards.len() > 4, "{} shards", shards.len());
    assert!(shards.windows(2).all(|pair| pair[0].0 < pair[1].0));
    for (shard, (first, file)) in shards.iter().enumerate() {
        let json = gunzip(&std::fs::read(site.out(&format!("search/{file}"))).expect("shard"));
        let size = json.len();
        assert!(size < 32 * 1024, "shard {shard} is {size} bytes of JSON");
        let entries: Value = serde_json::from_str(&json).expect("shard");
        let next = shards.get(shard + 1).map(|(first, _)| first.as_str());
        for word in entries.as_object().expect("words").keys() {
            assert!(
                word.as_str() >= first.as_str() && next.is_none_or(|next| word.as_str() < next)
            );
        }
    }
    assert_eq!(search.titles("word123x7"), ["Page 123"]);
    assert_eq!(search.titles("word399x29"), ["Page 399"]);
    assert_eq!(
        search.titles("page").len(),
        200,
        "a word lists its best 200 pages"
    );
}

#[test]
fn an_edit_rewrites_the_pages_fragment_and_the_shards_of_its_words_only() {
    let mut site = SiteTest::new();
    for n in 0..300 {
        let words: Vec<String> = (0..30).map(|w| format!("word{n}x{w}")).collect();
        site = site.file(
            &format!("content/posts/p{n}.md"),
            &page(&format!("title: Page {n}"), &words.join(" ")),
        );
    }
    site.build_ok();
    let before = crate::common::snapshot(&site.root().join("public/search"));
    site.write(
        "content/posts/p5.md",
        page("title: Page 5", "word5x0 zzzfresh"),
    );
    site.build_ok();
    let after = crate::common::snapshot(&site.root().join("public/search"));
    let changed: Vec<&String> = after
        .iter()
        .filter(|(path, bytes)| before.get(*path) != Some(bytes))
        .map(|(path, _)| path)
        .collect();
    let bundles = after.keys().filter(|path| path.starts_with("doc/")).count();
    assert_eq!(bundles, 75, "300 pages' fragments, four to a file");
    let shards = after.len() - bundles - 1;
    assert!(shards > 3, "{shards} shards");
    let fragments = changed
        .iter()
        .filter(|path| path.starts_with("doc/"))
        .count();
    assert!(
        changed.len() <= 4 && fragments == 1,
        "the fragments' bundle, the shards of the words lost and gained, the manifest: {changed:?}"
    );
    assert_eq!(Search::of(&site).titles("zzzfresh"), ["Page 5"]);
    assert!(Search::of(&site).find("word5x9").is_empty());
}

#[test]
fn search_false_writes_no_index_and_shows_no_search_box() {
    let site = tutorial_site().file("docsite.yaml", "title: Notes\nsearch: false\n");
    site.build_ok();
    assert!(!site.out("search").exists());
    let html = site.html("posts/serve/index.html");
    assert_eq!(html.count("[data-search]"), 0, "no search box is made");
    assert_eq!(
        html.count("script[src='/site.js']"),
        1,
        "the rest of the theme's script stays"
    );
}
