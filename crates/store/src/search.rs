//! Ranked text search across certifications, exams and courses.

use sea_orm::sea_query::{Expr, ExprTrait, Func, SimpleExpr};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tracing::instrument;

use crate::entity::{certification, course, exam};
use crate::rows::convert;
use crate::{CertificationRow, CourseRow, ExamRow, Store, StoreError};

/// How well a hit matches; lower is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchRank {
    ExactCode = 0,
    CodePrefix = 1,
    Name = 2,
    Other = 3,
}

/// One search hit.
#[derive(Debug, Clone)]
pub enum SearchHit {
    Certification(CertificationRow),
    Exam(ExamRow),
    Course(CourseRow),
}

impl SearchHit {
    fn code(&self) -> &str {
        match self {
            Self::Certification(r) => r.code.as_str(),
            Self::Exam(r) => r.code.as_str(),
            Self::Course(r) => r.code.as_str(),
        }
    }
}

/// `CASE` giving each row its [`MatchRank`], computed in the database so ordering and
/// the limit happen there.
fn rank_expr<C: ColumnTrait>(needle: &str, code: C, name: C) -> SimpleExpr {
    let lower = |c: C| -> SimpleExpr { Func::lower(Expr::col(c)).into() };
    let escaped = super::list::escape_like(needle);
    Expr::case(lower(code).eq(needle.to_owned()), MatchRank::ExactCode as i32)
        .case(
            lower(code).like(super::list::like(&format!("{escaped}%"))),
            MatchRank::CodePrefix as i32,
        )
        .case(
            lower(name).like(super::list::like(&format!("%{escaped}%"))),
            MatchRank::Name as i32,
        )
        .finally(MatchRank::Other as i32)
        .into()
}

impl Store {
    /// The best `limit` hits for `text` over codes, names, titles and descriptions,
    /// case-insensitive: exact code first, then code prefix, then name/title, then the rest;
    /// ties by code. Three statements.
    #[instrument(skip_all, fields(limit))]
    pub async fn search(&self, text: &str, limit: u64) -> Result<Vec<SearchHit>, StoreError> {
        let needle = text.trim().to_lowercase();
        use certification::Column as Ce;
        use course::Column as Co;
        use exam::Column as Ex;
        let certs = certification::Entity::find()
            .filter(super::list::text_matches(
                &needle,
                &[Ce::Code, Ce::Name, Ce::Description],
            ))
            .order_by_asc(rank_expr(&needle, Ce::Code, Ce::Name))
            .order_by_asc(Ce::Code)
            .limit(limit)
            .all(&self.db)
            .await?;
        let exams = exam::Entity::find()
            .filter(super::list::text_matches(&needle, &[Ex::Code, Ex::Title]))
            .order_by_asc(rank_expr(&needle, Ex::Code, Ex::Title))
            .order_by_asc(Ex::Code)
            .limit(limit)
            .all(&self.db)
            .await?;
        let courses = course::Entity::find()
            .filter(super::list::text_matches(&needle, &[Co::Code, Co::Title]))
            .order_by_asc(rank_expr(&needle, Co::Code, Co::Title))
            .order_by_asc(Co::Code)
            .limit(limit)
            .all(&self.db)
            .await?;
        let rank = |code: &str, name: Option<&str>| -> MatchRank {
            let code = code.to_lowercase();
            if code == needle {
                MatchRank::ExactCode
            } else if code.starts_with(&needle) {
                MatchRank::CodePrefix
            } else if name.is_some_and(|n| n.to_lowercase().contains(&needle)) {
                MatchRank::Name
            } else {
                MatchRank::Other
            }
        };
        let mut hits: Vec<(MatchRank, SearchHit)> = Vec::new();
        for row in convert::<_, CertificationRow>(certs)? {
            hits.push((
                rank(row.code.as_str(), Some(&row.name)),
                SearchHit::Certification(row),
            ));
        }
        for row in convert::<_, ExamRow>(exams)? {
            hits.push((
                rank(row.code.as_str(), row.title.as_deref()),
                SearchHit::Exam(row),
            ));
        }
        for row in convert::<_, CourseRow>(courses)? {
            hits.push((
                rank(row.code.as_str(), row.title.as_deref()),
                SearchHit::Course(row),
            ));
        }
        hits.sort_by(|(ra, a), (rb, b)| ra.cmp(rb).then_with(|| a.code().cmp(b.code())));
        hits.truncate(limit as usize);
        Ok(hits.into_iter().map(|(_, hit)| hit).collect())
    }
}
